// `dir [fs:]` and `show <fs>:` in every layout a Cisco box prints, one strategy per layout chosen by
// the first line that identifies it (house style 18, after basic-ftp's parseList). Lines before it
// (`Input/output error`, an XR time stamp) are notes; an output with no known layout is refused.
import { classAStrategy } from './dir-class-a';
import { classBStrategy } from './dir-class-b';
import { directoryOfStrategy } from './dir-directory-of';
import type { DirListing, DirStrategy } from './dir-types';
import { nxosStrategy } from './dir-nxos';
import { xeFlashStrategy } from './dir-xe-flash';
import { outputLines, refuseNonOutput } from './output-lines';
import { ParseError } from './parse-error';
import { unparsed } from './parse-note';

export type { DirEntry, DirFormat, DirListing, FlashPartition } from './dir-types';

const STRATEGIES: DirStrategy[] = [directoryOfStrategy, xeFlashStrategy, classBStrategy, classAStrategy, nxosStrategy];

// IOS-XR stamps command output with the time: `Tue Jan 16 17:08:43.028 AEST`.
const XR_STAMP = /^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ \d{2}:\d{2}:\d{2}\.\d+ \S+$/;

/**
 * Parses a directory listing: IOS/IOS-XE/ROMMON `dir`, IOS-XE `show flash:`, Class A and Class B
 * `show flash:` (with partitions), NX-OS, ASA and IOS-XR `dir`. `fsHint` (e.g. `bootflash:`) names
 * the file system when the output does not. Unknown rows and a missing totals line are notes;
 * output that is not a listing at all (an error, another command's output) throws ParseError.
 */
export function parseDir(text: string, fsHint?: string): DirListing {
  const lines = outputLines(text, /^(dir(\s+\S+)?|sh(o(w)?)?\s+[\w-]+:)\s*$/i);
  refuseNonOutput('dir', lines);
  const start = lines.findIndex((l) => l.text.trim() !== '' && STRATEGIES.some((s) => s.testLine(l.text)));
  if (start < 0) {
    const first = lines.find((l) => l.text.trim() !== '' && !XR_STAMP.test(l.text.trim())) ?? lines[0]!;
    throw new ParseError('dir', /%\s*Error|error/i.test(first.text) ? 'the device reported an error' : 'unknown directory listing layout', first.text, first.n);
  }
  const strategy = STRATEGIES.find((s) => s.testLine(lines[start]!.text))!;
  const listing = strategy.parse(lines.slice(start), fsHint);
  const before = lines.slice(0, start).filter((l) => l.text.trim() !== '' && !XR_STAMP.test(l.text.trim()));
  if (before.length) listing.notes.unshift(...before.map((l) => unparsed(l, 'before the listing')));
  return listing;
}
