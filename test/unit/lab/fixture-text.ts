// The device text of one real capture in ../shared/fixtures, whatever folder it is in: the body of
// a transcript (after its verbatim marker), an iosxe/ file without its `# SOURCE:` line, or a corpus/
// ntc file as it is — without the prompt-and-command lines around it, optionally cut to an excerpt.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesRoot } from '../device/parsers/fixtures';

const MARKER = '# --- verbatim below this line ---';

/** `host#show boot`, `show boot`, a trailing `host#` or `host(boot)#`: not the command's output. */
const promptOrCommand = /^(?:[A-Za-z][\w.-]*(?:\([\w-]+\))?#\s*(?:(?:sh|sho|show|dir)\b.*)?|(?:sh|sho|show|dir) [\w :/.-]+)\s*$/;

export interface FixtureExcerpt {
  /** Path under shared/fixtures. */
  file: string;
  /** Keep from the first line matching this (inclusive) … */
  from?: RegExp;
  /** … to the first later line matching this (inclusive). */
  to?: RegExp;
}

export function fixtureText(ref: string | FixtureExcerpt): string {
  const { file, from, to } = typeof ref === 'string' ? { file: ref } : ref;
  let text = readFileSync(path.join(fixturesRoot, file), 'utf8').replace(/\r\n/g, '\n');
  const at = text.indexOf(MARKER);
  if (at >= 0) text = text.slice(text.indexOf('\n', at) + 1);
  else if (text.startsWith('# SOURCE:')) text = text.slice(text.indexOf('\n') + 1);
  let lines = text.split('\n');
  if (from) {
    const i = lines.findIndex((l) => from.test(l));
    if (i < 0) throw new Error(`${file}: no line matches ${from}`);
    lines = lines.slice(i);
  }
  if (to) {
    const j = lines.findIndex((l, k) => k > 0 && to.test(l));
    if (j < 0) throw new Error(`${file}: no line after the start matches ${to}`);
    lines = lines.slice(0, j + 1);
  }
  return lines.filter((l) => !promptOrCommand.test(l)).join('\n');
}
