// The `Directory of <fs>:/` family: IOS/IOS-XE `dir` (and ROMMON's), ASA and IOS-XR. Sections (one
// per directory with /recursive), rows in the platform's grammar, and a closing totals line that
// must be there — without it the listing is truncated.
import type { DirEntry, DirListing, DirStrategy } from './dir-types';
import { asaRows, iosRows, xrRows, type RowGrammar } from './dir-rows';
import type { OutputLine } from './output-lines';
import { ParseError } from './parse-error';

const CMD = 'dir';
const SECTION = /^Directory of (\S.*?)\s*$/;
// IOS `T bytes total (F bytes free)`, ASA `… (F bytes free/P% free)`, XR `T kbytes total (F kbytes free)`.
const TOTAL = /^(\d+) (k?)bytes total \((\d+) k?bytes free(?:\/\d+% free)?\)$/;
// ROMMON and `dir` on some IOS-XE boxes: `A bytes available (U bytes used)`.
const AVAILABLE = /^(\d+) bytes available \((\d+) bytes used\)$/;
const NOISE = [/^No files in directory$/, /^\d+ file\(s\) total size: \d+ bytes$/, /^[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ \d{2}:\d{2}:\d{2}\.\d+ \S+$/];

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
  let done = false;
  let listing: DirListing | undefined;
  const files: DirEntry[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || NOISE.some((re) => re.test(t))) continue;
    if (/^%Error/.test(t)) throw new ParseError(CMD, 'the device reported an error', l.text, l.n);
    const sec = SECTION.exec(t);
    if (sec) {
      const dir = sec[1]!;
      if (root === undefined) root = dir;
      else {
        // `dir /recursive` prints one section per directory; names become relative to the first.
        const base = root.endsWith('/') ? root : `${root}/`;
        if (!dir.startsWith(base) && dir !== root) throw new ParseError(CMD, `a second directory (${dir}) outside ${root}; list one file system at a time`, l.text, l.n);
        sub = dir === root ? '' : dir.slice(base.length).replace(/\/?$/, '/');
      }
      continue;
    }
    if (root === undefined) throw new ParseError(CMD, 'expected "Directory of …" first', l.text, l.n);
    if (done) throw new ParseError(CMD, 'unexpected text after the totals line', l.text, l.n);
    const total = TOTAL.exec(t);
    const avail = AVAILABLE.exec(t);
    if (total || avail) {
      const format = grammar?.format ?? (total?.[2] ? 'ios-xr' : avail ? 'rommon' : 'ios');
      listing = { fileSystem: fsHint ?? fsOf(root) ?? root, directory: root, format, files };
      if (total) {
        const unit = total[2] ? 1024 : 1;
        listing.totalBytes = Number(total[1]) * unit;
        listing.freeBytes = Number(total[3]) * unit;
        listing.usedBytes = listing.totalBytes - listing.freeBytes;
      } else {
        listing.freeBytes = Number(avail![1]);
        listing.usedBytes = Number(avail![2]);
        listing.totalBytes = listing.freeBytes + listing.usedBytes;
        if (format === 'ios') listing.format = 'rommon';
      }
      done = true;
      continue;
    }
    grammar ??= [asaRows, xrRows, iosRows].find((g) => g.parseRow(l.text));
    const row = grammar?.parseRow(l.text);
    if (!row) throw new ParseError(CMD, 'not a directory row', l.text, l.n);
    // ROMMON lists the directory itself and its parent; they are not files.
    if (row.name === '.' || row.name === '..') continue;
    row.name = sub + row.name;
    files.push(row);
  }
  if (!listing) {
    const last = lines[lines.length - 1];
    throw new ParseError(CMD, 'the closing "… bytes total (… bytes free)" line is missing (output truncated)', last?.text ?? '', last?.n);
  }
  return listing;
}
