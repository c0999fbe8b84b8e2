// Splits device output into lines the parsers can trust: CRLF/CR normalised, trailing blanks cut,
// and the echoed command line and the trailing prompt (which many captures keep) set aside.

/** One line of output with its 1-based number in the original text. */
export interface OutputLine {
  text: string;
  n: number;
}

// `host#show boot`, `host>dir`, a bare `host#` — an IOS prompt is a hostname followed by # or >.
const PROMPT = /^[A-Za-z0-9][\w.\-()/:]*[#>]\s*/;

/**
 * Lines of `text` without trailing whitespace. A first line that is the command echo (with or without
 * a prompt in front) and a last line that is a bare prompt are dropped, so a parser sees only output.
 */
export function outputLines(text: string, echo?: RegExp): OutputLine[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((t, i) => ({ text: t.replace(/\s+$/, ''), n: i + 1 }));
  let start = 0;
  while (start < lines.length && lines[start]!.text === '') start++;
  const first = lines[start];
  if (first && echo) {
    if (echo.test(first.text.replace(PROMPT, ''))) start++;
  }
  let end = lines.length;
  while (end > start && lines[end - 1]!.text === '') end--;
  if (end > start && /^[A-Za-z0-9][\w.\-()/:]*[#>]$/.test(lines[end - 1]!.text)) end--;
  return lines.slice(start, end);
}

/** Parses a decimal integer field, refusing anything that is not plain digits. */
export function toInt(s: string): number {
  if (!/^\d+$/.test(s)) return Number.NaN;
  return Number(s);
}

/** The `% Invalid input detected …` (or Incomplete/Ambiguous/Unknown command) line, if IOS rejected the command. */
export function rejectionLine(lines: OutputLine[]): OutputLine | undefined {
  return lines.find((l) => /^%\s*(Invalid input|Incomplete command|Ambiguous command|Unknown command|Bad command)/i.test(l.text));
}
