// `show file systems`: the table `Size(b) Free(b) Type Flags Prefixes`, one row per file system,
// `*` marking the default, several aliases per row on stacks (`flash: bootflash: flash-1:`).
import { outputLines, rejectionLine } from './output-lines';
import { ParseError } from './parse-error';

export interface FileSystemInfo {
  /** Every alias of the row, as printed (`['flash:', 'bootflash:', 'flash-1:']`). */
  prefixes: string[];
  /** The first prefix. */
  name: string;
  /** `flash`, `disk`, `nvram`, `network`, `opaque`, `usbflash`, `rom` … as printed. */
  type: string;
  /** `rw`, `ro`, `wo` as printed. */
  flags: string;
  totalBytes?: number;
  freeBytes?: number;
  isDefault: boolean;
}

const CMD = 'show file systems';
const HEADER = /^\s*Size\(b\)\s+Free\(b\)\s+Type\s+Flags\s+Prefixes$/;
const ROW = /^([* ])?\s*(\d+|-)\s+(\d+|-)\s+([a-z][\w-]*)\s+([a-z]+)\s+((?:\S+:\s*)+)$/;

/** Parses `show file systems`. Every line after the header must be a row; anything else is an error. */
export function parseShowFileSystems(text: string): FileSystemInfo[] {
  const lines = outputLines(text, /^sh(o(w)?)?\s+file\s+sys/i);
  const rej = rejectionLine(lines);
  if (rej) throw new ParseError(CMD, 'the device rejected the command', rej.text, rej.n);
  const h = lines.findIndex((l) => HEADER.test(l.text));
  if (h < 0) throw new ParseError(CMD, 'the "Size(b) Free(b) Type Flags Prefixes" header is missing', lines[0]?.text ?? '', lines[0]?.n);
  const out: FileSystemInfo[] = [];
  for (const l of lines.slice(h + 1)) {
    if (l.text === '') continue;
    const m = ROW.exec(l.text);
    if (!m) throw new ParseError(CMD, 'unexpected row', l.text, l.n);
    const prefixes = m[6]!.trim().split(/\s+/);
    if (prefixes.some((p) => !/^[\w.-]+:$/.test(p))) throw new ParseError(CMD, 'a prefix does not end in ":"', l.text, l.n);
    const fs: FileSystemInfo = { prefixes, name: prefixes[0]!, type: m[4]!, flags: m[5]!, isDefault: m[1] === '*' };
    if (m[2] !== '-') fs.totalBytes = Number(m[2]);
    if (m[3] !== '-') fs.freeBytes = Number(m[3]);
    out.push(fs);
  }
  if (out.length === 0) throw new ParseError(CMD, 'no file system rows after the header (output truncated?)');
  return out;
}
