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
 * The reply to `command` out of the text received since it was sent: the echo of the command line is
 * dropped (IOS echoes what it reads), and so is the prompt that ended it. Pager markers go too.
 */
export function cleanReply(text: string, command: string, promptLength: number): string {
  let body = promptLength > 0 ? text.slice(0, text.length - promptLength) : text;
  body = body.replace(/ ?--More-- ?/g, '');
  const firstBreak = body.indexOf('\n');
  const firstLine = firstBreak < 0 ? body : body.slice(0, firstBreak);
  if (command !== '' && firstLine.trim().endsWith(command.trim())) body = firstBreak < 0 ? '' : body.slice(firstBreak + 1);
  return body.replace(/\s+$/, '');
}
