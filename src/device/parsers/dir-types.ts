// The shape every `dir` / `show flash:` strategy returns, and the contract a strategy implements
// (house style 18: variants are strategy modules chosen by a line they recognise).
import type { OutputLine } from './output-lines';
import type { ParseNote } from './parse-note';

export interface DirEntry {
  /** Inode / file number as printed (`dir`'s first column, Class B's `File`). */
  index?: number;
  /** As printed (`-rw-`, `drwx`, `-rwx`, `drwxr-xr-x`); '' where the layout has none (Class B, NX-OS). */
  permissions: string;
  sizeBytes: number;
  /** The date exactly as printed. */
  date?: string;
  /** ISO 8601 form of `date` when it has a year and a time (with the device's offset when printed). */
  dateIso?: string;
  /** Path relative to the listed directory (`c2960x.bin`, `tracelogs/boottime` for nested listings). */
  name: string;
  isDirectory: boolean;
  /** IOS-XR symlinks: `config -> /misc/config`. */
  linkTarget?: string;
  /** Class A/B flash: deleted but not yet squeezed/erased (still occupies space). */
  deleted?: boolean;
  /** Class B flash with several partitions: which one holds the file (IOS names it `flash:N:name`). */
  partition?: number;
}

export interface FlashPartition {
  number: number;
  files: DirEntry[];
  /** Absent when the partition's `[… bytes used, … available, … total]` line is missing (truncated output). */
  usedBytes?: number;
  freeBytes?: number;
  totalBytes?: number;
  readOnly?: boolean;
}

export type DirFormat = 'ios' | 'ios-xe-flash' | 'class-a' | 'class-b' | 'nx-os' | 'asa' | 'ios-xr' | 'rommon';

export interface DirListing {
  /** Lines the parser skipped and totals it could not find (a truncated listing has no totals). */
  notes: ParseNote[];
  /** The file system prefix, e.g. `flash:`, `bootflash:`, `disk0:` (the fsHint when the output names none). */
  fileSystem: string;
  /** The directory as printed (`flash:/`, `/misc/scratch`), when printed. */
  directory?: string;
  format: DirFormat;
  files: DirEntry[];
  totalBytes?: number;
  freeBytes?: number;
  usedBytes?: number;
  /** Class B run-from-flash: flash is `Read ONLY` while IOS runs from it. */
  readOnly?: boolean;
  /** Class B with partitions; top-level totals are their sums, but an image must fit in one partition. */
  partitions?: FlashPartition[];
}

export interface DirStrategy {
  format: DirFormat;
  /** True for the first meaningful line (or first row) of this layout. */
  testLine(line: string): boolean;
  /** Reads what it knows; lines it does not know go to the listing's notes, never an exception. */
  parse(lines: OutputLine[], fsHint?: string): DirListing;
}
