import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceInventory as DeviceInspection } from '../../../src/device';
import { parseShowInstallSummary } from '../../../src/device/parsers';
import { readDeviceConfigs } from '../../../src/ui/devices/device-config';
import { inventoryView } from '../../../src/ui/devices/inventory-loader';
import { fixturesMissing } from '../device/parsers/fixtures';
import { iosxe } from '../device/parsers/iosxe-fixtures';
import { type DeviceInventory, type DeviceState, deviceChildren, deviceNode, fileNodes, groupChildren, rootNodes } from '../../../src/ui/devices/tree-model';

const inventory: DeviceInventory = {
  hostname: 'SW1',
  platform: 'WS-C2960X-48FPD-L',
  version: '15.2(7)E3',
  image: 'flash:c2960x-universalk9-mz.152-7.E3.bin',
  bootVariable: ['flash:/c2960x-universalk9-mz.152-7.E4.bin'],
  fileSystems: [
    {
      name: 'flash:',
      type: 'disk',
      total: 122_185_728,
      free: 60_000_000,
      files: [
        { name: 'c2960x-universalk9-mz.152-7.E3.bin', size: 26_000_000, date: 'Mar 1 1993 00:03:13 +00:00', permissions: '-rwx' },
        { name: 'c2960x-universalk9-mz.152-7.E4.bin', size: 26_100_000 },
        { name: 'spare.bin', size: 100 },
        { name: 'config.text', size: 4000 },
        { name: 'html', size: 0, isDirectory: true },
      ],
    },
  ],
};

const { devices } = readDeviceConfigs([
  { name: 'sw1', host: '10.0.0.1', username: 'admin', group: 'Access' },
  { name: 'sw2', host: '10.0.0.2', username: 'admin', group: 'Access' },
  { name: 'r1', host: 'r1.example.net', port: 2222, username: 'ops' },
]);

test('settings: passwords are refused, bad entries reported, duplicates caught', () => {
  const r = readDeviceConfigs([
    { name: 'a', host: '10.0.0.1', username: 'u', password: 'x' },
    { name: 'b', host: 'bad host!', username: 'u' },
    { name: 'c', host: '10.0.0.3', username: 'u', port: 70000 },
    { name: 'd', host: '10.0.0.4', username: 'u' },
    { name: 'd', host: '10.0.0.5', username: 'u' },
    { host: '10.0.0.6', username: 'u' },
  ]);
  assert.deepEqual(r.devices.map((d) => d.name), ['d']);
  assert.equal(r.errors.length, 5);
  assert.match(r.errors[0], /contains a password.*SecretStorage/);
  assert.match(r.errors[1], /host 'bad host!'/);
  assert.match(r.errors[2], /port must be/);
  assert.match(r.errors[3], /used twice/);
  assert.match(r.errors[4], /name is required/);
});

test('groups first, then ungrouped devices; groups hold their devices', () => {
  const roots = rootNodes(devices, new Map());
  assert.deepEqual(roots.map((n) => [n.id, n.contextValue]), [
    ['group:Access', 'group'],
    ['device:r1', 'device'],
  ]);
  assert.deepEqual(groupChildren('Access', devices, new Map()).map((n) => n.label), ['sw1', 'sw2']);
  assert.equal(roots[1].description, 'ops@r1.example.net:2222');
});

test('device states: spinner while loading, the error on the node, platform and version when loaded', () => {
  const d = devices[0];
  assert.equal(deviceNode(d, { kind: 'loading' }).icon, 'loading~spin');
  const err = deviceNode(d, { kind: 'error', message: 'Host key changed for 10.0.0.1:22' });
  assert.equal(err.icon, 'error');
  assert.equal(err.description, 'Host key changed for 10.0.0.1:22');
  assert.equal(deviceChildren(d, { kind: 'error', message: 'timed out' })[0].label, 'timed out');
  const loaded: DeviceState = { kind: 'loaded', inventory, loadedAt: 0 };
  const n = deviceNode(d, loaded);
  assert.equal(n.contextValue, 'device.connected');
  assert.equal(n.description, 'WS-C2960X-48FPD-L · 15.2(7)E3');
  const [fs] = deviceChildren(d, loaded);
  assert.equal(fs.id, 'device:sw1/flash:');
  // Binary units, as everywhere (byte-units.ts); the tooltip keeps the exact bytes.
  assert.equal(fs.description, '57.2 MiB free of 117 MiB');
  assert.match(fs.tooltip ?? '', /49%/);
});

test('files: running and boot images are marked, directories first, images get their own context', () => {
  const nodes = fileNodes('sw1', 'flash:', inventory);
  const byName = new Map(nodes.map((n) => [n.label, n]));
  assert.equal(nodes[0].label, 'html');
  assert.equal(byName.get('c2960x-universalk9-mz.152-7.E3.bin')?.contextValue, 'file.running');
  assert.match(byName.get('c2960x-universalk9-mz.152-7.E3.bin')?.description ?? '', /● running/);
  assert.equal(byName.get('c2960x-universalk9-mz.152-7.E4.bin')?.contextValue, 'file.boot', 'flash:/x in the boot variable is flash:x');
  assert.equal(byName.get('spare.bin')?.contextValue, 'file.image');
  assert.equal(byName.get('config.text')?.contextValue, 'file');
  assert.equal(byName.get('spare.bin')?.id, 'device:sw1/flash:/spare.bin');
});

test('a partly read device: what was read, and one warning item naming what could not be (command and line in its tooltip)', () => {
  const partial: DeviceInventory = {
    ...inventory,
    bootVariable: undefined,
    platform: undefined,
    fileSystems: [{ ...inventory.fileSystems[0]!, files: undefined }],
    problems: [
      { command: 'show boot', message: 'none of the lines show boot prints is there', line: 'Boot image selection = slot 2' },
      { command: 'dir flash:', message: 'unknown directory listing layout', line: 'total 24' },
    ],
  };
  const state: DeviceState = { kind: 'loaded', inventory: partial, loadedAt: 0 };
  const d = devices.find((x) => x.name === 'sw1')!;
  const node = deviceNode(d, state);
  assert.match(node.description ?? '', /^model unknown · 15\.2\(7\)E3 · ⚠ partly read$/);
  assert.match(node.tooltip ?? '', /boot variable unknown/);
  const kids = deviceChildren(d, state);
  assert.deepEqual(kids.map((k) => [k.label, k.icon, k.contextValue]), [
    ['Could not read: show boot, dir flash:', 'warning', 'message'],
    ['flash:', 'database', 'fs'],
  ]);
  assert.match(kids[0]!.tooltip ?? '', /show boot: none of the lines show boot prints is there\n {4}"Boot image selection = slot 2"/);
  assert.match(kids[1]!.tooltip ?? '', /files unknown/);
  const files = fileNodes('sw1', 'flash:', partial);
  assert.deepEqual(files.map((f) => [f.label, f.icon]), [['The listing of flash: could not be read', 'warning']]);
  assert.match(files[0]!.tooltip ?? '', /dir flash:: unknown directory listing layout/);
});

test('a fully read device has no warning item', () => {
  const kids = deviceChildren(devices.find((x) => x.name === 'sw1')!, { kind: 'loaded', inventory: { ...inventory, problems: [] }, loadedAt: 0 });
  assert.ok(kids.every((k) => k.icon !== 'warning'));
});

test('running and boot marks follow the file-system aliases (bootflash: ≡ flash: on one row)', () => {
  const aliased: DeviceInventory = { ...inventory, image: 'bootflash:c2960x-universalk9-mz.152-7.E3.bin', fileSystems: [{ ...inventory.fileSystems[0]!, aliases: ['bootflash:'] }] };
  const nodes = fileNodes('sw1', 'flash:', aliased);
  assert.equal(nodes.find((n) => n.label === 'c2960x-universalk9-mz.152-7.E3.bin')?.contextValue, 'file.running');
});

test('an install-mode stack: mode in the description, members with PID and serial and the install state in the tooltip', () => {
  const inv: DeviceInventory = { ...inventory, bootMode: 'install', chassis: [{ member: 1, pid: 'C9300-48P', serial: 'FOC2313X0AB' }, { member: 2, pid: 'C9300-48P', serial: 'FOC2313X0CD' }], install: ['Switch 1 2: IMG 17.09.04a.0.6 activated committed'], problems: [] };
  const node = deviceNode(devices.find((x) => x.name === 'sw1')!, { kind: 'loaded', inventory: inv, loadedAt: 0 });
  assert.match(node.description ?? '', / · install mode$/);
  assert.match(node.tooltip ?? '', /switch 1: C9300-48P, serial FOC2313X0AB\nswitch 2: C9300-48P, serial FOC2313X0CD\ninstall: Switch 1 2: IMG 17\.09\.04a\.0\.6 activated committed/);
});

test('IOS-XE: install- and bundle-mode devices get their own context (the install commands), their image files file.image.xe', () => {
  const d = devices[0];
  const xe = (bootMode: 'install' | 'bundle'): DeviceState => ({ kind: 'loaded', inventory: { ...inventory, bootMode }, loadedAt: 0 });
  assert.equal(deviceNode(d, xe('install')).contextValue, 'device.connected.xe-install');
  assert.equal(deviceNode(d, xe('bundle')).contextValue, 'device.connected.xe-bundle');
  assert.match(deviceNode(d, xe('install')).description ?? '', /install mode/);
  const files = new Map(fileNodes('sw1', 'flash:', { ...inventory, bootMode: 'install' }).map((n) => [n.label, n.contextValue]));
  assert.equal(files.get('spare.bin'), 'file.image.xe');
  assert.equal(files.get('c2960x-universalk9-mz.152-7.E3.bin'), 'file.running');
});

test('after an activation: the description says uncommitted with the auto-abort time left, the tooltip the package states and the timer (read from a real show install summary)', { skip: fixturesMissing }, () => {
  // Fixture 24: an SMU activated and uncommitted, the timer running with 01:49:42 left.
  const summary = parseShowInstallSummary(iosxe('24_show_install_summary_SMU_uncommitted_abort_timer_active.txt'));
  const inspected = { hostname: 'Router', version: '17.3.1', bootMode: 'install', fileSystems: [], problems: [], notes: [], installSummary: summary } as unknown as DeviceInspection;
  const inv = inventoryView(inspected);
  assert.equal(inv.installUncommitted, true);
  assert.deepEqual(inv.autoAbort, { armedBy: 'install_activate', remainingSeconds: 6582 });
  const node = deviceNode(devices.find((x) => x.name === 'sw1')!, { kind: 'loaded', inventory: inv, loadedAt: 0 });
  assert.match(node.description ?? '', / · uncommitted \(auto-abort 1:49:42\)$/);
  assert.match(node.tooltip ?? '', /install: R0: SMU bootflash:utah\.bm\.smu\.may15\.bin activated uncommitted, IMG 10\.69\.1\.0\.66982 activated committed\ninstall: auto-abort timer running \(install_activate\): 1:49:42 left when read — the device rolls back by itself unless the activation is committed/);

  // Committed, no timer: nothing added to the description.
  const committed = deviceNode(devices.find((x) => x.name === 'sw1')!, { kind: 'loaded', inventory: { ...inventory, bootMode: 'install', install: ['Switch 1 2: IMG 17.09.05.0.1 activated committed'] }, loadedAt: 0 });
  assert.match(committed.description ?? '', / · install mode$/);
  assert.doesNotMatch(committed.tooltip ?? '', /auto-abort/);
});
