// IOS-XE `show flash:` / `show bootflash:` / USB listings: a `-#- --length-- ---date/time--- path`
// table of full paths (the first row is the directory itself), then `A bytes available (U bytes used)`.
import { deviceDateToIso } from './device-date';
import type { DirEntry, DirListing, DirStrategy } from './dir-types';
import type { OutputLine } from './output-lines';
import { ParseError } from './parse-error';

const HEADER = /^(?:([\w-]+):\s+)?-#- --length-- -+date\/time-+ path$/;
const ROW = /^\s*(\d+)\s+(\d+)\s+([A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [+-]\d{2}:\d{2})?)\s+(\/.*)$/;
const FOOTER = /^(\d+) bytes available \((\d+) bytes used\)$/;

export const xeFlashStrategy: DirStrategy = {
  format: 'ios-xe-flash',
  testLine: (line) => HEADER.test(line.trim()),
  parse(lines: OutputLine[], fsHint?: string): DirListing {
    const head = HEADER.exec(lines[0]!.text.trim())!;
    const rows: { e: DirEntry; path: string }[] = [];
    let footer: RegExpExecArray | null = null;
    for (const l of lines.slice(1)) {
      const t = l.text.trim();
      if (t === '') continue;
      if (footer) throw new ParseError('show flash', 'unexpected text after the totals line', l.text, l.n);
      footer = FOOTER.exec(t);
      if (footer) continue;
      const m = ROW.exec(l.text);
      if (!m) throw new ParseError('show flash', 'not a listing row', l.text, l.n);
      const e: DirEntry = { index: Number(m[1]), permissions: '', sizeBytes: Number(m[2]), date: m[3]!, name: m[4]!, isDirectory: m[4]!.endsWith('/') };
      const iso = deviceDateToIso(m[3]!);
      if (iso) e.dateIso = iso;
      rows.push({ e, path: m[4]! });
    }
    if (!footer) {
      const last = lines[lines.length - 1]!;
      throw new ParseError('show flash', 'the closing "… bytes available (… bytes used)" line is missing (output truncated)', last.text, last.n);
    }
    // The first row is the listed directory (`/bootflash/`); names are relative to it. A path that
    // prefixes another path is a directory even though this layout prints no permissions.
    const rootRow = rows.find((r) => r.path.endsWith('/') && rows.every((o) => o.path.startsWith(r.path)));
    // Without that row, the root is the first path segment all rows share (`/bootflash/`).
    const seg = /^\/[^/]+\//.exec(rows[0]?.path ?? '')?.[0];
    const root = rootRow?.path ?? (seg && rows.every((r) => r.path.startsWith(seg)) ? seg : '/');
    const files: DirEntry[] = [];
    for (const r of rows) {
      if (r === rootRow) continue;
      if (!r.path.startsWith(root)) throw new ParseError('show flash', `a path outside ${root}`, r.path);
      if (rows.some((o) => o !== r && o.path.startsWith(`${r.path.replace(/\/$/, '')}/`))) r.e.isDirectory = true;
      r.e.name = r.path.slice(root.length).replace(/\/$/, '');
      files.push(r.e);
    }
    const fromRoot = /^\/([\w-]+)\/$/.exec(root)?.[1];
    const fileSystem = fsHint ?? (head[1] ? `${head[1].toLowerCase()}:` : fromRoot ? `${fromRoot}:` : root);
    const freeBytes = Number(footer[1]);
    const usedBytes = Number(footer[2]);
    return { fileSystem, directory: root, format: 'ios-xe-flash', files, freeBytes, usedBytes, totalBytes: freeBytes + usedBytes };
  },
};
