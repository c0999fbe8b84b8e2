// The `Directory of <fs>:/` family: IOS/IOS-XE `dir` (and ROMMON's), ASA and IOS-XR. Sections (one
// per directory with /recursive), rows in the platform's grammar, and a closing totals line — without
// it the listing is truncated, and the free space is unknown (a note says so).
import type { DirEntry, DirListing, DirStrategy } from './dir-types';
import { asaRows, iosRows, xrClassicRows, xrRows, type RowGrammar } from './dir-rows';
import type { OutputLine } from './output-lines';
import { missing, type ParseNote, unparsed } from './parse-note';

// Lines come trimmed at the end (outputLines); `(\S.*?)\s*$` would rescan a blank run from each position.
const SECTION = /^Directory of (\S.*)$/;
// IOS `T bytes total (F bytes free)`, ASA `… (F bytes free/P% free)`, XR `T kbytes total (F kbytes free)`.
const TOTAL = /^(\d{1,20}) (k?)bytes total \((\d{1,20}) k?bytes free(?:\/\d+% free)?\)$/;
// ROMMON and `dir` on some IOS-XE boxes: `A bytes available (U bytes used)`.
const AVAILABLE = /^(\d{1,20}) bytes available \((\d{1,20}) bytes used\)$/;
const NOISE = [/^No files in directory$/, /^\d+ file\(s\) total size: \d+ bytes$/, /^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ \d{2}:\d{2}:\d{2}\.\d+ \S+$/];
const GRAMMARS: RowGrammar[] = [asaRows, xrRows, xrClassicRows, iosRows];

export const directoryOfStrategy: DirStrategy = {
  format: 'ios',
  testLine: (line) => SECTION.test(line),
  parse: parseDirectoryOf,
};

function fsOf(dir: string): string | undefined {
  return /^([\w-]+:)/.exec(dir)?.[1];
}

function parseDirectoryOf(lines: OutputLine[], fsHint?: string): DirListing {
  let grammar: RowGrammar | undefined;
  let root: string | undefined;
  let sub = '';
  let totals: Pick<DirListing, 'totalBytes' | 'freeBytes' | 'usedBytes'> | undefined;
  let totalsFormat: DirListing['format'] | undefined;
  const notes: ParseNote[] = [];
  const files: DirEntry[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || NOISE.some((re) => re.test(t))) continue;
    const sec = SECTION.exec(t);
    if (sec) {
      const dir = sec[1]!.trimEnd();
      if (root === undefined) root = dir;
      else {
        // `dir /recursive` prints one section per directory; names become relative to the first.
        const base = root.endsWith('/') ? root : `${root}/`;
        if (!dir.startsWith(base) && dir !== root) {
          notes.push(unparsed(l, `a second directory outside ${root} (list one file system at a time); its rows are skipped`));
          sub = '\0';
          continue;
        }
        sub = dir === root ? '' : dir.slice(base.length).replace(/\/?$/, '/');
      }
      continue;
    }
    const total = TOTAL.exec(t);
    const avail = AVAILABLE.exec(t);
    if (total || avail) {
      if (totals) continue; // `dir /recursive` may repeat the totals per section
      if (total) {
        const unit = total[2] ? 1024 : 1;
        totals = { totalBytes: Number(total[1]) * unit, freeBytes: Number(total[3]) * unit };
        // More free than total is no real file system: used space stays unknown rather than negative.
        if (totals.freeBytes! <= totals.totalBytes!) totals.usedBytes = totals.totalBytes! - totals.freeBytes!;
        else notes.push(missing('used space', `line ${l.n}: ${total[3]} free is more than ${total[1]} total`));
        if (total[2]) totalsFormat = 'ios-xr';
      } else {
        totals = { freeBytes: Number(avail![1]), usedBytes: Number(avail![2]) };
        totals.totalBytes = totals.freeBytes! + totals.usedBytes!;
        totalsFormat = 'rommon';
      }
      continue;
    }
    // Before the first section, after the totals, or in a skipped section: not a row of this listing.
    if (root === undefined || totals || sub === '\0') {
      notes.push(unparsed(l, root === undefined ? 'before "Directory of …"' : totals ? 'text after the totals line' : 'in a skipped directory'));
      continue;
    }
    grammar ??= GRAMMARS.find((g) => g.parseRow(l.text));
    const row = grammar?.parseRow(l.text);
    if (!row) {
      notes.push(unparsed(l, 'not a directory row'));
      continue;
    }
    // ROMMON lists the directory itself and its parent; they are not files.
    if (row.name === '.' || row.name === '..') continue;
    row.name = sub + row.name;
    files.push(row);
  }
  const directory = root ?? '';
  // ROMMON rows look like IOS rows; its `bytes available` totals line tells them apart.
  let format = grammar?.format ?? totalsFormat ?? 'ios';
  if (format === 'ios' && totalsFormat === 'rommon') format = 'rommon';
  const listing: DirListing = { fileSystem: fsHint ?? fsOf(directory) ?? directory, directory, format, files, notes };
  if (totals) Object.assign(listing, totals);
  else notes.push(missing('free space', 'no closing "… bytes total (… bytes free)" line (output truncated?)'));
  return listing;
}
