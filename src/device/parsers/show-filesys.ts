// IOS-XE `show <fs>: filesys`: where a Cisco file system lives in the Linux underneath —
// `Filesystem: flash`, `Filesystem Path: /mnt/sd3/user`, `Filesystem Type: ext2`, `Mounted: Read/Write`.
import { isExecBanner } from './exec-banner';
import { outputLines, refuseNonOutput } from './output-lines';
import { ParseError } from './parse-error';
import { missing, unparsed, type ParseNote } from './parse-note';

export interface ShowFilesys {
  /** The file system's name as printed, without a colon (`flash`, `usbflash0`). */
  filesystem: string;
  /** The Linux mount point (`/mnt/sd3/user`). */
  path?: string;
  /** `ext2`, `vfat` … as printed. */
  type?: string;
  /** `Read/Write`, `Read Only` … as printed. */
  mounted?: string;
  /** From `mounted`: false for a read-only mount; absent when the value is not one IOS is known to print. */
  writable?: boolean;
  notes: ParseNote[];
}

const CMD = 'show filesys';
const ECHO = /^sh\w*\s+[\w-]+:\s+filesys\w*/i;

/** Parses `show <fs>: filesys`; unknown lines become notes, non-output throws ParseError. */
export function parseShowFilesys(text: string): ShowFilesys {
  const lines = outputLines(text, ECHO);
  refuseNonOutput(CMD, lines);
  const fields: Record<string, string> = {};
  const notes: ParseNote[] = [];
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || isExecBanner(t)) continue;
    const colon = t.indexOf(':');
    const key = colon < 0 ? '' : t.slice(0, colon).trim().toLowerCase().split(/\s+/).join(' ');
    if (['filesystem', 'filesystem path', 'filesystem type', 'mounted'].includes(key) && !(key in fields)) fields[key] = t.slice(colon + 1).trim();
    else notes.push(unparsed(l));
  }
  const name = fields.filesystem;
  if (name === undefined) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'no "Filesystem:" line (not the output of show <fs>: filesys)', first.text, first.n);
  }
  const out: ShowFilesys = { filesystem: name.replace(/:$/, ''), notes };
  if (fields['filesystem path']) out.path = fields['filesystem path'];
  else notes.push(missing('path', 'no "Filesystem Path:" line'));
  if (fields['filesystem type']) out.type = fields['filesystem type'];
  else notes.push(missing('type', 'no "Filesystem Type:" line'));
  const mounted = fields.mounted;
  if (mounted) {
    out.mounted = mounted;
    const m = mounted.toLowerCase().replace(/[\s_-]/g, '');
    if (m === 'read/write' || m === 'readwrite') out.writable = true;
    else if (m === 'readonly' || m === 'read') out.writable = false;
    else notes.push(missing('writable', `"Mounted: ${mounted}" is not Read/Write or Read Only`));
  } else notes.push(missing('mounted', 'no "Mounted:" line'));
  return out;
}
