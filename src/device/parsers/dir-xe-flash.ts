// IOS-XE `show flash:` / `show bootflash:` / USB listings: a `-#- --length-- ---date/time--- path`
// table of full paths (the first row is the directory itself), then `A bytes available (U bytes used)`.
import { deviceDateToIso } from './device-date';
import type { DirEntry, DirListing, DirStrategy } from './dir-types';
import type { OutputLine } from './output-lines';
import { scanAvailableListing } from './dir-available-footer';

const HEADER = /^(?:([\w-]+):\s+)?-#- --length-- -+date\/time-+ path$/;
const ROW = /^\s*(\d{1,20})\s+(\d{1,20})\s+([A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [+-]\d{2}:\d{2})?)\s+(\/.*)$/;

export const xeFlashStrategy: DirStrategy = {
  format: 'ios-xe-flash',
  testLine: (line) => HEADER.test(line.trim()),
  parse(lines: OutputLine[], fsHint?: string): DirListing {
    const head = HEADER.exec(lines[0]!.text.trim())!;
    const rows: { e: DirEntry; path: string }[] = [];
    const { totals, notes } = scanAvailableListing(lines.slice(1), ROW, 'not a listing row', (m) => {
      const e: DirEntry = { index: Number(m[1]), permissions: '', sizeBytes: Number(m[2]), date: m[3]!, name: m[4]!, isDirectory: m[4]!.endsWith('/') };
      const iso = deviceDateToIso(m[3]!);
      if (iso) e.dateIso = iso;
      rows.push({ e, path: m[4]! });
    });
    // The first row is the listed directory (`/bootflash/`); names are relative to it. A path that
    // prefixes another path is a directory even though this layout prints no permissions.
    const common = rows.reduce((acc, r) => commonPrefix(acc, r.path), rows[0]?.path ?? '');
    const rootRow = rows.find((r) => r.path.endsWith('/') && common.startsWith(r.path));
    // Without that row, the root is the first path segment all rows share (`/bootflash/`).
    const seg = /^\/[^/]+\//.exec(rows[0]?.path ?? '')?.[0];
    const root = rootRow?.path ?? (seg && common.startsWith(seg) ? seg : '/');
    // Directories: any path another row's path continues with `/`. Looked up in the sorted paths
    // (paths are device text: listing every ancestor of every path is quadratic in its depth).
    const sorted = rows.map((r) => r.path).sort();
    const continued = (dir: string) => {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid]! < dir) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < sorted.length && sorted[i]!.startsWith(dir); i++) if (sorted[i]!.length > dir.length) return true;
      return false;
    };
    const files: DirEntry[] = [];
    for (const r of rows) {
      if (r === rootRow) continue;
      if (!r.path.startsWith(root)) {
        notes.push({ kind: 'unparsed', message: `a path outside ${root}`, line: r.path });
        continue;
      }
      if (continued(`${r.path.replace(/\/$/, '')}/`)) r.e.isDirectory = true;
      r.e.name = r.path.slice(root.length).replace(/\/$/, '');
      files.push(r.e);
    }
    const fromRoot = /^\/([\w-]+)\/$/.exec(root)?.[1];
    const fileSystem = fsHint ?? (head[1] ? `${head[1].toLowerCase()}:` : fromRoot ? `${fromRoot}:` : root);
    return { fileSystem, directory: root, format: 'ios-xe-flash', files, notes, ...totals };
  },
};

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i === a.length ? a : a.slice(0, i);
}
