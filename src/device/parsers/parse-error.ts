// The one error every parser throws: the device printed something we cannot read with confidence
// (an unknown layout, a malformed row, or output cut short). It names the command and quotes the line.

/** Thrown by every `parse*` function instead of returning a guess. */
export class ParseError extends Error {
  readonly code = 'E_PARSE';

  constructor(
    /** The IOS command whose output was being read, e.g. `dir` or `show version`. */
    readonly command: string,
    /** What is wrong, in words a user can act on. */
    readonly reason: string,
    /** The offending line, verbatim (empty when the output ended too early or was empty). */
    readonly line = '',
    /** 1-based line number within the text given to the parser, when known. */
    readonly lineNumber?: number,
  ) {
    const where = line ? ` at line ${lineNumber ?? '?'}: ${JSON.stringify(line)}` : '';
    super(`Cannot parse the output of '${command}': ${reason}${where}. Re-run the command on the device and check its output.`);
    this.name = new.target.name;
  }
}
