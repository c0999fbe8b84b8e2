// Class A flash (7000/7500 RSP `slot0:`/`bootflash:`, 12000) `show flash:` / `dir`-like listing:
// `-#- ED --type-- --crc--- -seek-- nlen -length- ---------date/time--------- name`, `D` = deleted
// (space kept until `squeeze`), then `A bytes available (U bytes used)`.
import { deviceDateToIso } from './device-date';
import type { DirEntry, DirListing, DirStrategy } from './dir-types';
import type { OutputLine } from './output-lines';
import { scanAvailableListing } from './dir-available-footer';

const HEADER = /^-#- ED --type-- --crc--- -seek-- nlen -length- -+date\/time-+ name$/;
const ROW = /^\s*(\d{1,20})\s+([.A-Z])([.A-Z])\s+(\S+)\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]+)\s+(\d{1,20})\s+(\d{1,20})\s+([A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2})\s+(\S.*)$/;

export const classAStrategy: DirStrategy = {
  format: 'class-a',
  testLine: (line) => HEADER.test(line.trim()),
  parse(lines: OutputLine[], fsHint?: string): DirListing {
    const files: DirEntry[] = [];
    const { totals, notes } = scanAvailableListing(lines.slice(1), ROW, 'not a Class A listing row', (m) => {
      const e: DirEntry = { index: Number(m[1]), permissions: '', sizeBytes: Number(m[8]), date: m[9]!, name: m[10]!, isDirectory: false };
      const iso = deviceDateToIso(m[9]!);
      if (iso) e.dateIso = iso;
      // ED = Error/Deleted flags: `E` the file has an error, `D` it is deleted.
      if (m[3] === 'D') e.deleted = true;
      files.push(e);
    });
    return { fileSystem: fsHint ?? 'flash:', format: 'class-a', files, notes, ...totals };
  },
};
