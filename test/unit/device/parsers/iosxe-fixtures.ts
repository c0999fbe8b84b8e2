// Reads ../shared/fixtures/iosxe (IOS-XE install-mode outputs and dialogues, attribution in each
// file's `# SOURCE:` line) at test time, and cuts one command's output out of a recorded dialogue.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesRoot } from './fixtures';

export const iosxeRoot = path.join(fixturesRoot, 'iosxe');

/** The device text of iosxe/<name>: the file without its leading `# SOURCE:` header line(s). */
export function iosxe(name: string): string {
  const lines = readFileSync(path.join(iosxeRoot, name), 'utf8').split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('# SOURCE')) i++;
  return lines.slice(i).join('\n');
}

export function iosxeNames(pattern: RegExp): string[] {
  return readdirSync(iosxeRoot)
    .filter((f) => f.endsWith('.txt') && pattern.test(f))
    .sort();
}

/**
 * The output of `command` in a dialogue: from the line that ends with the prompt and the command
 * (`vg410# show install summary`) up to, not including, the next line that starts with a prompt.
 */
export function section(body: string, command: string): string {
  const lines = body.split('\n');
  const isPrompt = (l: string) => /^[\w.-]+#/.test(l);
  const start = lines.findIndex((l) => isPrompt(l) && l.replace(/^[\w.-]+#\s*/, '').trim() === command);
  if (start < 0) throw new Error(`no "${command}" in the dialogue`);
  let end = start + 1;
  while (end < lines.length && !isPrompt(lines[end]!)) end++;
  return lines.slice(start, end).join('\n');
}
