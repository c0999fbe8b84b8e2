// IOS-XE `show <fs>: filesys` against genieparser's ShowFileSys, NX-OS `show system internal flash`
// against its ShowSystemInternalFlash (sizes in 1K blocks upstream, bytes in ours).
import assert from 'node:assert/strict';
import { parseShowFilesys, parseShowSystemInternalFlash } from '../../../../../src/device/parsers';
import { FieldCheck, asDict, at, type Comparator } from './compare';

const showFileSys: Comparator = (c) => {
  const f = parseShowFilesys(c.output);
  const d = asDict(c.expected);
  const check = new FieldCheck(c.record.local_path);
  check.eq(f.filesystem, d.filesystem, 'filesystem');
  check.eq(f.path, d.filesystem_path, 'filesystem_path');
  check.eq(f.type, d.filesystem_type, 'filesystem_type');
  check.eq(f.mounted, d.mounted, 'mounted');
  return check.result();
};

const showSystemInternalFlash: Comparator = (c) => {
  const r = parseShowSystemInternalFlash(c.output);
  const check = new FieldCheck(c.record.local_path);
  const mounts = Object.entries(asDict(at(c.expected, 'mounted_on')));
  assert.ok(mounts.length > 0, 'upstream has no mounts');
  const kib = (bytes: number) => bytes / r.blockBytes;
  for (const [on, v] of mounts) {
    const m = r.mounts.find((x) => x.mountedOn === on);
    assert.ok(m, `${c.record.local_path}: mount ${on} not found among ours`);
    const d = asDict(v);
    check.eq(kib(m.totalBytes), d.total, `${on}.total`);
    check.eq(kib(m.usedBytes), d.used, `${on}.used`);
    check.eq(kib(m.availableBytes), d.available, `${on}.available`);
    check.eq(m.usePercent, d.use_percent, `${on}.use_percent`);
    check.eq(m.filesystem, d.file_system, `${on}.file_system`);
  }
  assert.equal(r.mounts.length, mounts.length, 'one row per upstream mount');
  return check.result();
};

export const flashComparators: Record<string, Comparator> = { ShowFileSys: showFileSys, ShowSystemInternalFlash: showSystemInternalFlash };
