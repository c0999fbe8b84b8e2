// `dir [fs:]` and `show <fs>:` in every layout a Cisco box prints, one strategy per layout chosen by
// the first line that identifies it (house style 18, after basic-ftp's parseList).
import { classAStrategy } from './dir-class-a';
import { classBStrategy } from './dir-class-b';
import { directoryOfStrategy } from './dir-directory-of';
import type { DirListing, DirStrategy } from './dir-types';
import { nxosStrategy } from './dir-nxos';
import { xeFlashStrategy } from './dir-xe-flash';
import { outputLines, rejectionLine } from './output-lines';
import { ParseError } from './parse-error';

export type { DirEntry, DirFormat, DirListing, FlashPartition } from './dir-types';

const STRATEGIES: DirStrategy[] = [directoryOfStrategy, xeFlashStrategy, classBStrategy, classAStrategy, nxosStrategy];

// IOS-XR stamps command output with the time: `Tue Jan 16 17:08:43.028 AEST`.
const XR_STAMP = /^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ \d{2}:\d{2}:\d{2}\.\d+ \S+$/;

/**
 * Parses a directory listing: IOS/IOS-XE/ROMMON `dir`, IOS-XE `show flash:`, Class A and Class B
 * `show flash:` (with partitions), NX-OS, ASA and IOS-XR `dir`. `fsHint` (e.g. `bootflash:`) names
 * the file system when the output does not. Truncated or unknown output throws ParseError.
 */
export function parseDir(text: string, fsHint?: string): DirListing {
  const lines = outputLines(text, /^(dir(\s+\S+)?|sh(o(w)?)?\s+[\w-]+:)\s*$/i);
  const rej = rejectionLine(lines);
  if (rej) throw new ParseError('dir', 'the device rejected the command', rej.text, rej.n);
  const first = lines.findIndex((l) => l.text.trim() !== '' && !XR_STAMP.test(l.text.trim()));
  if (first < 0) throw new ParseError('dir', 'the output is empty');
  const line = lines[first]!;
  if (/^%Error/.test(line.text.trim())) throw new ParseError('dir', 'the device reported an error', line.text, line.n);
  const strategy = STRATEGIES.find((s) => s.testLine(line.text));
  if (!strategy) throw new ParseError('dir', 'unknown directory listing layout', line.text, line.n);
  return strategy.parse(lines.slice(first), fsHint);
}
