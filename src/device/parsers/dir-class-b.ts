// Class B flash `show flash:` (2500, 1600, 2600/3600 before 12.2(4)T …): `System flash directory:`
// (`, partition N:` when flash is partitioned), `File Length Name/status` rows, then
// `[U bytes used, A available, T total]` and `NNNNK bytes of processor board System flash (Read ONLY)`.
// `show flash all` adds checksum sub-rows, a partition table and a chip table; all are accepted.
import type { DirEntry, DirListing, DirStrategy, FlashPartition } from './dir-types';
import type { OutputLine } from './output-lines';
import { missing, type ParseNote, unparsed } from './parse-note';

const DIRECTORY = /^(.+?) flash directory(?:, partition (\d{1,20}))?:$/;
const PART_TABLE = /^Partition\s+Size\s+Used\s+Free\s+Bank-Size\s+State\s+Copy Mode$/;
const PART_ROW = /^(\d{1,20})\s+\d+K\s+\d+K\s+\d+K\s+\d+K\s+(Read ONLY|Read\/Write)\s+\S+$/;
const CHIP_TABLE = /^Chip\s+Bank\s+Code\s+Size\s+Name$/;
const ROW = /^(\d{1,20})\s+(\d{1,20})\s+(\S.*?)$/;
const CKSUM = /^(?:0x[0-9A-Fa-f]+\s+){2}0x[0-9A-Fa-f]+$/;
const USED = /^\[(\d{1,20}) bytes used, (\d{1,20}) available, (\d{1,20}) total\]$/;
const KBYTES = /^(\d{1,20})K bytes of .*?(?:\((Read ONLY|Read\/Write)\))?$/;

export const classBStrategy: DirStrategy = {
  format: 'class-b',
  testLine: (line) => DIRECTORY.test(line.trim()) || PART_TABLE.test(line.trim()),
  parse: parseClassB,
};

function fileSystemOf(label: string): string {
  const slot = /^PCMCIA Slot(\d{1,20})$/i.exec(label);
  if (slot) return `slot${slot[1]}:`;
  if (/^Boot$/i.test(label)) return 'bootflash:';
  return 'flash:';
}

interface Open extends Partial<FlashPartition> {
  number: number;
  files: DirEntry[];
  closed: boolean;
}

function parseClassB(lines: OutputLine[], fsHint?: string): DirListing {
  const notes: ParseNote[] = [];
  const parts: Open[] = [];
  const tableReadOnly = new Map<number, boolean>();
  let label: string | undefined;
  let block: 'none' | 'partitions' | 'chips' = 'none';
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '') {
      block = 'none';
      continue;
    }
    if (block === 'partitions') {
      const m = PART_ROW.exec(t);
      if (m) tableReadOnly.set(Number(m[1]), m[2] === 'Read ONLY');
      else notes.push(unparsed(l, 'not a partition table row'));
      continue;
    }
    if (block === 'chips') continue; // chip inventory (bank, code, size, part name): nothing we use
    if (PART_TABLE.test(t)) {
      block = 'partitions';
      continue;
    }
    if (CHIP_TABLE.test(t)) {
      block = 'chips';
      continue;
    }
    if (/^%Error|^%dev_open|^ERR:/.test(t)) {
      notes.push(unparsed(l, 'the device reported an error'));
      continue;
    }
    const dir = DIRECTORY.exec(t);
    if (dir) {
      const prev = parts[parts.length - 1];
      if (prev && !prev.closed) notes.push(missing(`partition ${prev.number} free space`, 'no "[… bytes used, … available, … total]" line'));
      label ??= dir[1]!;
      parts.push({ number: dir[2] ? Number(dir[2]) : 1, files: [], closed: false });
      continue;
    }
    const cur = parts[parts.length - 1];
    if (/^Executing current image from /.test(t) || /^Copy Mode /.test(t)) continue;
    if (!cur) {
      notes.push(unparsed(l, 'before "System flash directory:"'));
      continue;
    }
    const kb = KBYTES.exec(t);
    if (kb && cur.closed) {
      if (kb[2]) cur.readOnly = kb[2] === 'Read ONLY';
      continue;
    }
    if (cur.closed) {
      notes.push(unparsed(l, 'text after the totals line'));
      continue;
    }
    if (/^File\s+Length\s+Name\/status$/.test(t) || /^addr\s+fcksum\s+ccksum$/.test(t) || CKSUM.test(t) || /^No files in /.test(t)) continue;
    const used = USED.exec(t);
    if (used) {
      cur.usedBytes = Number(used[1]);
      cur.freeBytes = Number(used[2]);
      cur.totalBytes = Number(used[3]);
      cur.closed = true;
      continue;
    }
    const row = ROW.exec(t);
    if (!row) {
      notes.push(unparsed(l, 'not a "File Length Name/status" row'));
      continue;
    }
    let name = row[3]!;
    const e: DirEntry = { index: Number(row[1]), permissions: '', sizeBytes: Number(row[2]), name, isDirectory: false };
    // A deleted file keeps its slot on Class B flash until the partition is erased.
    // endsWith, not /^(.*?)\s*\[deleted\]$/: that rescans a run of blanks from each of its positions.
    if (name.endsWith('[deleted]')) {
      name = name.slice(0, -'[deleted]'.length).trimEnd();
      e.name = name;
      e.deleted = true;
    }
    if (parts.length > 1 || /, partition \d+:$/.test(lines.find((x) => DIRECTORY.test(x.text.trim()))!.text.trim())) e.partition = cur.number;
    cur.files.push(e);
  }
  const last = parts[parts.length - 1];
  if (last && !last.closed) notes.push(missing(parts.length > 1 ? `partition ${last.number} free space` : 'free space', 'no "[… bytes used, … available, … total]" line (output truncated?)'));
  const done: FlashPartition[] = parts.map((p) => {
    const fp: FlashPartition = { number: p.number, files: p.files };
    if (p.closed) Object.assign(fp, { usedBytes: p.usedBytes, freeBytes: p.freeBytes, totalBytes: p.totalBytes });
    const ro = p.readOnly ?? tableReadOnly.get(p.number);
    if (ro !== undefined) fp.readOnly = ro;
    return fp;
  });
  const listing: DirListing = { fileSystem: fsHint ?? fileSystemOf(label ?? 'System'), format: 'class-b', files: done.flatMap((p) => p.files), notes };
  // Totals are sums over the partitions, and only when every partition gave its own.
  if (done.length > 0 && done.every((p) => p.totalBytes !== undefined)) {
    const sum = (k: 'usedBytes' | 'freeBytes' | 'totalBytes') => done.reduce((a, p) => a + p[k]!, 0);
    listing.usedBytes = sum('usedBytes');
    listing.freeBytes = sum('freeBytes');
    listing.totalBytes = sum('totalBytes');
  }
  if (done.some((p) => p.readOnly !== undefined)) listing.readOnly = done.every((p) => p.readOnly === true);
  if (done.length > 1 || done[0]?.files.some((f) => f.partition !== undefined)) listing.partitions = done;
  return listing;
}
