// `show file systems`: the table `Size(b) Free(b) Type Flags Prefixes`, one row per file system,
// `*` marking the default, several aliases per row on stacks (`flash: bootflash: flash-1:`).
// Rows are split on blanks, not matched by one pattern: a row is untrusted text, and a pattern with
// repeated `\S+:` groups backtracks exponentially on a prefix cell that does not end as expected.
import { type OutputLine, outputLines, refuseNonOutput } from './output-lines';
import { ParseError } from './parse-error';
import { type ParseNote, unparsed } from './parse-note';

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

export interface ShowFileSystems {
  fileSystems: FileSystemInfo[];
  notes: ParseNote[];
}

const CMD = 'show file systems';
const HEADER = /^Size\(b\)\s+Free\(b\)\s+Type\s+Flags\s+Prefixes$/i;

/** Parses `show file systems`. Rows it cannot read are notes; output without the table is refused. */
export function parseShowFileSystems(text: string): ShowFileSystems {
  const lines = outputLines(text, /^sh(o(w)?)?\s+file\s+sys/i);
  refuseNonOutput(CMD, lines);
  const h = lines.findIndex((l) => HEADER.test(l.text.trim()));
  if (h < 0) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'the "Size(b) Free(b) Type Flags Prefixes" header is missing: this is not the output of show file systems', first.text, first.n);
  }
  const notes: ParseNote[] = [];
  const fileSystems: FileSystemInfo[] = [];
  for (const l of lines.slice(h + 1)) {
    if (l.text.trim() === '') continue;
    const fs = readRow(l);
    if (fs) fileSystems.push(fs);
    else notes.push(unparsed(l, 'not a file-system row'));
  }
  for (const l of lines.slice(0, h)) if (l.text.trim() !== '' && !/^File Systems:$/i.test(l.text.trim())) notes.push(unparsed(l));
  return { fileSystems, notes };
}

function readRow(l: OutputLine): FileSystemInfo | undefined {
  const words = l.text.trim().split(/\s+/);
  const isDefault = words[0] === '*';
  if (isDefault) words.shift();
  // A `*` glued to the size (`*7194652672`) on some trains.
  else if (/^\*\d/.test(words[0]!)) words[0] = words[0]!.slice(1);
  const [size, free, type, flags, ...prefixes] = words;
  const sizeOk = (s: string | undefined) => s !== undefined && /^(\d{1,20}|-)$/.test(s);
  if (!sizeOk(size) || !sizeOk(free) || !/^[a-z][\w-]*$/.test(type ?? '') || !/^[a-z]+$/.test(flags ?? '')) return undefined;
  if (prefixes.length === 0 || prefixes.some((p) => !/^[\w.-]+:$/.test(p))) return undefined;
  const fs: FileSystemInfo = { prefixes, name: prefixes[0]!, type: type!, flags: flags!, isDefault };
  if (size !== '-') fs.totalBytes = Number(size);
  if (free !== '-') fs.freeBytes = Number(free);
  return fs;
}

/** Every name that denotes the same file system as `prefix` (itself included), per the device's table. */
export function fileSystemAliases(table: readonly FileSystemInfo[], prefix: string): string[] {
  const p = prefix.toLowerCase();
  return table.find((f) => f.prefixes.some((x) => x.toLowerCase() === p))?.prefixes ?? [prefix];
}
