// A device whose outputs could not all be read: the snapshot says which facts are unknown and why,
// and each check that needs one says "unknown: `command` could not be read" and blocks only what
// depends on it. Also: bootflash:/flash: aliases mark the running and boot image through the table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceInventory } from '../../../src/device';
import { parseRunningConfigSettings } from '../../../src/device';
import { deleteCheck } from '../../../src/jobs/delete-file';
import { imageRoles } from '../../../src/jobs/device-snapshot';
import { snapshotFromInventory } from '../../../src/jobs/gather';
import { checkErase } from '../../../src/jobs/preflight/erase';
import { checkExistingFile } from '../../../src/jobs/preflight/existing-file';
import { checkImageMatch } from '../../../src/jobs/preflight/image-match';
import { checkSpace } from '../../../src/jobs/preflight/space';
import { planSetBoot } from '../../../src/jobs/set-boot';
import { mib } from './preflight-fixture';

const image = 'c2960x-universalk9-mz.152-7.E3.bin';

function inventory(over: Partial<DeviceInventory> = {}): DeviceInventory {
  return {
    hostname: 'SW1',
    platform: 'WS-C2960X-48FPD-L',
    version: '15.2(7)E3',
    image: `flash:${image}`,
    bootVariable: [`flash:/${image}`],
    fileSystems: [{ name: 'flash:', aliases: [], type: 'flash', total: 122 * mib, free: 60 * mib, isDefault: true, format: 'ios', readOnly: false, files: [{ name: image, size: 26 * mib, date: null, permissions: '-rwx' }] }],
    problems: [],
    notes: [],
    ...over,
  };
}

const settings = parseRunningConfigSettings('hostname SW1\n');

test('a fully read device has no unknown facts', () => {
  assert.deepEqual(snapshotFromInventory(inventory(), settings, 'admin').unknown, []);
});

test('show boot unreadable: the boot variable is unknown (not empty), and says why', () => {
  const inv = inventory({ bootVariable: undefined, problems: [{ command: 'show boot', message: 'none of the lines show boot prints is there', line: 'Boot image selection = slot 2' }] });
  const d = snapshotFromInventory(inv, settings, 'admin');
  assert.equal(d.bootVariable, undefined);
  assert.deepEqual(d.unknown, [{ fact: 'boot variable', command: 'show boot', reason: 'none of the lines show boot prints is there' }]);
  // Deleting an image then depends on the unknown fact: blocked, with the reason, behind the usual confirmation.
  const del = deleteCheck(d, 'flash:other.bin');
  assert.equal(del.status, 'blocking');
  assert.equal(del.confirmation, 'delete-running-image');
  assert.match(del.facts.join('\n'), /unknown: `show boot` could not be read \(none of the lines/);
  // The copy itself does not depend on it: the image check still passes.
  assert.equal(checkImageMatch(d, 'c2960x-universalk9-mz.152-7.E4.bin').status, 'ok');
  // The running config's boot system lines stand in when there are any.
  const fromConfig = snapshotFromInventory(inv, parseRunningConfigSettings(`hostname SW1\nboot system flash:${image}\n`), 'admin');
  assert.deepEqual(fromConfig.bootVariable, [`flash:${image}`]);
  assert.deepEqual(fromConfig.unknown, []);
});

test('show version without a model: image match is a warning naming the unknown, not a block', () => {
  const d = snapshotFromInventory(inventory({ platform: undefined, problems: [{ command: 'show version', message: 'platform: no "cisco <model> … bytes of memory" or "Model Number" line' }] }), settings, 'admin');
  const r = checkImageMatch(d, 'c2960x-universalk9-mz.152-7.E4.bin');
  assert.equal(r.status, 'warning');
  assert.match(r.facts.join('\n'), /unknown: `show version` could not be read \(platform: no "cisco <model>/);
  // Without the model the boot syntax is unknown too: only the new image is set.
  const plan = planSetBoot(d, d.fileSystems[0]!, 'new.bin', false);
  assert.equal(plan.fallback, undefined);
  assert.match(plan.noFallbackBecause ?? '', /unknown: `show version` could not be read/);
});

test('dir unreadable: files unknown — existing file and erase are warnings, space cannot propose deletions', () => {
  const inv = inventory({ platform: undefined, fileSystems: [{ ...inventory().fileSystems[0]!, files: null, format: null, free: null }], problems: [{ command: 'dir flash:', message: 'unknown directory listing layout', line: 'total 24' }, { command: 'show version', message: 'platform: missing' }] });
  const d = snapshotFromInventory(inv, settings, 'admin');
  const fs = d.fileSystems[0]!;
  assert.equal(fs.files, undefined);
  assert.equal(fs.flashClassUnknown, true);
  const existing = checkExistingFile({ device: d, destination: fs, destinationName: 'new.bin', localSizeBytes: mib, localMd5: 'x' });
  assert.equal(existing.status, 'warning');
  assert.match(existing.facts[0]!, /unknown: `dir flash:` could not be read \(unknown directory listing layout\)/);
  const erase = checkErase({ device: d, destination: fs });
  assert.equal(erase.status, 'warning');
  assert.match(erase.summary, /Whether this copy erases flash: is not known/);
  const space = checkSpace({ device: d, destination: fs, destinationName: 'new.bin', fileSizeBytes: mib });
  assert.equal(space.status, 'warning');
  assert.match(space.facts.join('\n'), /unknown: `dir flash:`/);
});

test('aliases: bootflash:x runs, flash:x is listed — one file where show file systems says so', () => {
  const inv = inventory({ image: `bootflash:${image}`, bootVariable: [`bootflash:/${image},12`], fileSystems: [{ ...inventory().fileSystems[0]!, aliases: ['bootflash:'] }] });
  const d = snapshotFromInventory(inv, settings, 'admin');
  assert.deepEqual(imageRoles(d, 'flash:', image), { running: true, boot: true });
  assert.deepEqual(imageRoles(d, 'flash:', 'other.bin'), { running: false, boot: false });
  assert.equal(deleteCheck(d, `flash:/${image}`).status, 'blocking');
});
