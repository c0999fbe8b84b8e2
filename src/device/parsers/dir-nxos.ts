// NX-OS `dir bootflash:`: `size  Mon DD HH:MM:SS YYYY  name` rows (directories end in '/'), then
// `Usage for bootflash://` with `bytes used`, `bytes free`, `bytes total` lines.
import { deviceDateToIso } from './device-date';
import type { DirEntry, DirListing, DirStrategy } from './dir-types';
import type { OutputLine } from './output-lines';
import { missing, type ParseNote, unparsed } from './parse-note';

const ROW = /^\s*(\d{1,20})\s+([A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \d{4})\s+(\S.*)$/;
const USAGE = /^Usage for ([\w-]+):\/\/(\S*)$/;

export const nxosStrategy: DirStrategy = {
  format: 'nx-os',
  testLine: (line) => ROW.test(line) || USAGE.test(line.trim()),
  parse(lines: OutputLine[], fsHint?: string): DirListing {
    const files: DirEntry[] = [];
    const notes: ParseNote[] = [];
    let fs: string | undefined;
    const usage: Record<string, number> = {};
    for (const l of lines) {
      const t = l.text.trim();
      if (t === '') continue;
      const u = USAGE.exec(t);
      if (u) {
        fs = `${u[1]}:`;
        continue;
      }
      const m = /^(\d{1,20}) bytes (used|free|total)$/.exec(t);
      if (m && fs) {
        usage[m[2]!] = Number(m[1]);
        continue;
      }
      const r = fs ? undefined : ROW.exec(l.text);
      if (!r) {
        notes.push(unparsed(l, fs ? 'unexpected text in the usage block' : 'not a directory row'));
        continue;
      }
      const e: DirEntry = { permissions: '', sizeBytes: Number(r[1]), date: r[2]!, name: r[3]!, isDirectory: r[3]!.endsWith('/') };
      const iso = deviceDateToIso(r[2]!);
      if (iso) e.dateIso = iso;
      if (e.isDirectory) e.name = e.name.slice(0, -1);
      files.push(e);
    }
    const listing: DirListing = { fileSystem: fsHint ?? fs ?? 'bootflash:', format: 'nx-os', files, notes };
    if (usage.total !== undefined) listing.totalBytes = usage.total;
    else notes.push(missing('total size', 'no "Usage for …" block with "bytes total" (output truncated?)'));
    if (usage.free !== undefined) listing.freeBytes = usage.free;
    if (usage.used !== undefined) listing.usedBytes = usage.used;
    return listing;
  },
};
