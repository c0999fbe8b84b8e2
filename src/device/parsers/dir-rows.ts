// Row grammars of the `Directory of <fs>` family (IOS/IOS-XE, ROMMON, ASA, IOS-XR) — the layouts
// differ only in the row and the closing totals line, so each is a small row parser.
import { deviceDateToIso } from './device-date';
import type { DirEntry, DirFormat } from './dir-types';

export interface RowGrammar {
  format: DirFormat;
  parseRow(line: string): DirEntry | undefined;
}

function entry(index: string, permissions: string, size: string, date: string | undefined, name: string): DirEntry {
  const e: DirEntry = { index: Number(index), permissions, sizeBytes: Number(size), name, isDirectory: permissions.startsWith('d') };
  if (date !== undefined && date !== '<no date>') {
    e.date = date;
    const iso = deviceDateToIso(date);
    if (iso) e.dateIso = iso;
  } else if (date) e.date = date;
  return e;
}

// IOS: `   12  -rw-        46  Apr 22 2016 12:36:24 +00:00  name`. The permission column can carry
// stray spaces (`-rw  -` in a real capture), older trains print `<no date>`, ROMMON prints no date;
// the offset is numeric (`+00:00`) or, on some trains, a zone name after one space (`UTC`).
const IOS_ROW =
  /^\s*(\d{1,20})\s+([-dl][-rwxstST ]{2,9}?)\s+(\d{1,20})\s+(?:(<no date>|[A-Z][a-z]{2}\s+\d{1,2}\s+\d{4}\s+\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:\s+[+-]\d{2}:?\d{2}| [A-Z]{2,5})?)\s+)?(\S.*)$/;

export const iosRows: RowGrammar = {
  format: 'ios',
  parseRow(line) {
    const m = IOS_ROW.exec(line);
    if (!m) return undefined;
    // Without a date column the rest is the name — unless it starts like a date or a link count,
    // which means this is another platform's row (ASA, IOS-XR) and must not be read as IOS.
    // A name holding a column gap (two spaces) means a date layout we do not know: refuse, not guess.
    if (m[4] === undefined && (/^(\d+\s|\d{1,2}:\d{2}|[A-Z][a-z]{2}\s+\d)/.test(m[5]!) || /\s{2}/.test(m[5]!))) return undefined;
    return entry(m[1]!, m[2]!, m[3]!, m[4]?.replace(/\s+/g, ' '), m[5]!);
  },
};

// ASA: `120    -rwx  74369568     19:39:56 Nov 03 2015  asa951-lfbff-k8.spa` (time before date).
const ASA_ROW = /^\s*(\d{1,20})\s+([-dl][-rwx]{3,9})\s+(\d{1,20})\s+(\d{2}:\d{2}:\d{2} [A-Z][a-z]{2} \d{2} \d{4})\s+(\S.*)$/;

export const asaRows: RowGrammar = {
  format: 'asa',
  parseRow(line) {
    const m = ASA_ROW.exec(line);
    return m ? entry(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!) : undefined;
  },
};

// IOS-XR (Linux ls -l style): `74 drwxrwxrwx. 2  4096 Dec  6 19:39 resmon_debug`; the date has a
// year instead of a time when the file is older than six months; symlinks print `name -> target`.
const XR_ROW = /^\s*(\d{1,20})\s+([-dlcbps][-rwxsStT]{9})[.+]?\s+(\d{1,20})\s+(\d{1,20})\s+([A-Z][a-z]{2}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4}))\s+(\S.*)$/;

export const xrRows: RowGrammar = {
  format: 'ios-xr',
  parseRow(line) {
    const m = XR_ROW.exec(line);
    if (!m) return undefined;
    const e = entry(m[1]!, m[2]!, m[4]!, m[5]!.replace(/\s+/g, ' '), m[6]!);
    if (m[2]!.startsWith('l')) {
      const link = /^(.*?) -> (.*)$/.exec(m[6]!);
      if (link) {
        e.name = link[1]!;
        e.linkTarget = link[2]!;
      }
    }
    return e;
  },
};

// IOS-XR 32-bit ("classic"): `   2  drwx  4096        Thu Feb 12 14:53:12 2015  LOST.DIR` — the
// date leads with the weekday, which no IOS row grammar accepts.
const XR_CLASSIC_ROW = /^\s*(\d{1,20})\s+([-dl][-rwx]{3,9})\s+(\d{1,20})\s+((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4})\s+(\S.*)$/;

export const xrClassicRows: RowGrammar = {
  format: 'ios-xr',
  parseRow(line) {
    const m = XR_CLASSIC_ROW.exec(line);
    return m ? entry(m[1]!, m[2]!, m[3]!, m[4]!.replace(/\s+/g, ' '), m[5]!) : undefined;
  },
};
