// Turns what an IOS vty sends into plain text: CRLF to LF, backspaces applied (IOS erases `--More--`
// and edits lines with BS + space), ANSI/NUL noise dropped; and cuts a command's reply out of it.

// IOS vty output carries no colour, but some terminal-server paths add cursor sequences.
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x00/g;

/** Appends a received chunk to the text so far, applying terminal semantics that matter here. */
export function appendTerminalText(text: string, chunk: string): string {
  return appendTerminal(text, chunk).text;
}

/**
 * The same, also telling how much of the old text survived unchanged (`stableLength`): backspaces
 * can take back what was already seen, e.g. the `--More--` that was answered.
 */
export function appendTerminal(text: string, chunk: string): { text: string; stableLength: number } {
  const plain = chunk.replace(ansi, '').replace(/\r/g, '');
  if (!plain.includes('\b')) return { text: text + plain, stableLength: text.length };
  let out = text;
  let stableLength = text.length;
  for (const ch of plain) {
    if (ch === '\b') {
      // Backspace moves back over the current line only.
      if (out.length > 0 && !out.endsWith('\n')) out = out.slice(0, -1);
      stableLength = Math.min(stableLength, out.length);
    } else {
      out += ch;
    }
  }
  return { text: out, stableLength };
}

/**
 * Where the reply to `command` starts: after the line that echoes it (IOS echoes what it reads).
 * -1 while the echo has not arrived — anything before it (a late prompt of an earlier command, the
 * answer to a Ctrl-C) is not part of this command's reply. Only the start of the text is searched.
 */
export function echoEnd(text: string, command: string): number {
  const echo = command.trim();
  if (echo === '') return 0;
  const i = text.slice(0, 8192).indexOf(echo);
  if (i < 0) return -1;
  const nl = text.indexOf('\n', i + echo.length);
  return nl < 0 ? -1 : nl + 1;
}

/** A command's reply: the text after its echo, without the prompt that ended it and pager marks. */
export function cleanReply(text: string, command: string, promptLength: number): string {
  const start = Math.max(0, echoEnd(text, command));
  const body = text.slice(start, promptLength > 0 ? text.length - promptLength : text.length);
  // trimEnd, not /\s+$/: a regex anchored at the end retries at every blank of a long run (quadratic).
  return body.replace(/ ?--More-- ?/g, '').trimEnd();
}
