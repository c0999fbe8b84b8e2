// Splits device output into lines the parsers can trust: CRLF/CR normalised, trailing blanks cut,
// and the echoed command line and the trailing prompt (which many captures keep) set aside.
import { ParseError } from './parse-error';

/** One line of output with its 1-based number in the original text. */
export interface OutputLine {
  text: string;
  n: number;
}

// `host#show boot`, `host>dir`, a bare `host#` — an IOS prompt is a hostname followed by # or >.
const PROMPT = /^[A-Za-z0-9][\w.\-()/:]*[#>]\s*/;
const BARE_PROMPT = /^[A-Za-z0-9][\w.\-()/:]*[#>]$/;

/**
 * Lines of `text` without trailing whitespace. A first line that is the command echo (with or without
 * a prompt in front) and a last line that is a bare prompt are dropped, so a parser sees only output.
 */
export function outputLines(text: string, echo?: RegExp): OutputLine[] {
  // trimEnd, not /\s+$/: a regex anchored at the end retries at every blank of a long run (quadratic).
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((t, i) => ({ text: t.trimEnd(), n: i + 1 }));
  let start = 0;
  while (start < lines.length && lines[start]!.text === '') start++;
  const first = lines[start];
  if (first && echo) {
    if (echo.test(first.text.replace(PROMPT, ''))) start++;
  }
  let end = lines.length;
  while (end > start && lines[end - 1]!.text === '') end--;
  if (end > start && BARE_PROMPT.test(lines[end - 1]!.text)) end--;
  return lines.slice(start, end);
}

/** Parses a decimal integer field, refusing anything that is not plain digits. */
export function toInt(s: string): number {
  if (!/^\d+$/.test(s)) return Number.NaN;
  return Number(s);
}

// IOS's answers for a command it did not run: the parser was handed an error, not the output.
const REJECTION = /^%\s*(Invalid input|Incomplete command|Ambiguous command|Unknown command|Bad command|Type "show \?" for a list)/i;
const ERROR = /^%\s*Error\b/i;

/** The `% Invalid input detected …` (or Incomplete/Ambiguous/Unknown command) line, if IOS rejected the command. */
export function rejectionLine(lines: OutputLine[]): OutputLine | undefined {
  return lines.find((l) => REJECTION.test(l.text.trim()));
}

/**
 * The longest line a parser reads. No `show`, `dir` or `verify` output has lines anywhere near it
 * (IOS formats its tables to fixed widths; banners and certificates wrap), so a longer one is not
 * the command's output. A copy's `!!!!` line can be far longer: CopyProgressTracker reads it as a stream.
 */
export const MAX_LINE_CHARS = 65_536;

/** Throws ParseError for the first line longer than MAX_LINE_CHARS (quoting its start, not all of it). */
export function refuseLongLines(command: string, lines: OutputLine[]): void {
  const long = lines.find((l) => l.text.length > MAX_LINE_CHARS);
  if (long) {
    throw new ParseError(command, `line ${long.n} is ${long.text.length} characters long, over the ${MAX_LINE_CHARS} any output of ${command} has (not its output, or a capture gone wrong)`, `${long.text.slice(0, 80)}…`, long.n);
  }
}

/**
 * Throws the ParseError every parser raises for output that is not the command's at all: empty, a
 * rejection (`% Invalid input`, `% Incomplete command`, `% Ambiguous command`), or — when it is the
 * first meaningful line — `%Error …`; and for a line over MAX_LINE_CHARS. Anything else is the
 * parser's to read or note.
 */
export function refuseNonOutput(command: string, lines: OutputLine[]): void {
  refuseLongLines(command, lines);
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) throw new ParseError(command, 'the output is empty');
  const rej = rejectionLine(lines);
  if (rej) throw new ParseError(command, 'the device rejected the command', rej.text, rej.n);
  if (ERROR.test(first.text.trim())) throw new ParseError(command, 'the device reported an error', first.text, first.n);
}
