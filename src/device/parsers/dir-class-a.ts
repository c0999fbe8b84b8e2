// Class A flash (7000/7500 RSP `slot0:`/`bootflash:`, 12000) `show flash:` / `dir`-like listing:
// `-#- ED --type-- --crc--- -seek-- nlen -length- ---------date/time--------- name`, `D` = deleted
// (space kept until `squeeze`), then `A bytes available (U bytes used)`.
import { deviceDateToIso } from './device-date';
import type { DirEntry, DirListing, DirStrategy } from './dir-types';
import type { OutputLine } from './output-lines';
import { ParseError } from './parse-error';

const HEADER = /^-#- ED --type-- --crc--- -seek-- nlen -length- -+date\/time-+ name$/;
const ROW = /^\s*(\d+)\s+([.A-Z])([.A-Z])\s+(\S+)\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]+)\s+(\d+)\s+(\d+)\s+([A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2})\s+(\S.*)$/;
const FOOTER = /^(\d+) bytes available \((\d+) bytes used\)$/;

export const classAStrategy: DirStrategy = {
  format: 'class-a',
  testLine: (line) => HEADER.test(line.trim()),
  parse(lines: OutputLine[], fsHint?: string): DirListing {
    const files: DirEntry[] = [];
    let footer: RegExpExecArray | null = null;
    for (const l of lines.slice(1)) {
      const t = l.text.trim();
      if (t === '') continue;
      if (footer) throw new ParseError('show flash', 'unexpected text after the totals line', l.text, l.n);
      footer = FOOTER.exec(t);
      if (footer) continue;
      const m = ROW.exec(l.text);
      if (!m) throw new ParseError('show flash', 'not a Class A listing row', l.text, l.n);
      const e: DirEntry = { index: Number(m[1]), permissions: '', sizeBytes: Number(m[8]), date: m[9]!, name: m[10]!, isDirectory: false };
      const iso = deviceDateToIso(m[9]!);
      if (iso) e.dateIso = iso;
      // ED = Error/Deleted flags: `E` the file has an error, `D` it is deleted.
      if (m[3] === 'D') e.deleted = true;
      files.push(e);
    }
    if (!footer) {
      const last = lines[lines.length - 1]!;
      throw new ParseError('show flash', 'the closing "… bytes available (… bytes used)" line is missing (output truncated)', last.text, last.n);
    }
    const freeBytes = Number(footer[1]);
    const usedBytes = Number(footer[2]);
    return { fileSystem: fsHint ?? 'flash:', format: 'class-a', files, freeBytes, usedBytes, totalBytes: freeBytes + usedBytes };
  },
};
