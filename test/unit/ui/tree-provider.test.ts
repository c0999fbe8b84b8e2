import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDeviceConfigs } from '../../../src/ui/devices/device-config';
import type { DeviceInventory } from '../../../src/ui/devices/tree-model';
import { DevicesTreeProvider } from '../../../src/ui/devices/tree-provider';

const inventory: DeviceInventory = {
  hostname: 'R1',
  platform: 'ISR4331/K9',
  version: '17.9.4a',
  image: 'bootflash:isr4300-universalk9.17.09.04a.SPA.bin',
  bootVariable: [],
  fileSystems: [{ name: 'bootflash:', total: 7_000_000_000, free: 5_000_000_000, files: [{ name: 'isr4300-universalk9.17.09.04a.SPA.bin', size: 700_000_000 }] }],
};

async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
}

test('expanding a device loads it once (spinner meanwhile), then shows file systems and files', async (t) => {
  const load = t.mock.fn(async () => inventory);
  const tree = new DevicesTreeProvider(load);
  const fired = t.mock.fn();
  tree.onDidChangeTreeData(fired);
  tree.setDevices(readDeviceConfigs([{ name: 'r1', host: '10.0.0.1', username: 'u' }]).devices);
  const [device] = tree.getChildren();
  const first = tree.getChildren(device);
  assert.equal(first[0].label, 'Connecting…');
  tree.getChildren(device); // a second expand while loading does not load again
  await settle();
  assert.equal(load.mock.callCount(), 1);
  const [root] = tree.getChildren();
  assert.equal(root.contextValue, 'device.connected');
  const [fs] = tree.getChildren(root);
  assert.equal(fs.label, 'bootflash:');
  const [file] = tree.getChildren(fs);
  assert.equal(file.contextValue, 'file.running');
  assert.equal(tree.getParent(file)?.id, fs.id);
  assert.equal(tree.getParent(fs)?.id, root.id);
  assert.ok(fired.mock.callCount() >= 2);
  assert.equal(tree.getTreeItem(file).contextValue, 'file.running');
});

test('a failed connection shows on the node and its child, and refresh retries', async (t) => {
  let fail = true;
  const load = t.mock.fn(async () => {
    if (fail) throw new Error('Host key for 10.0.0.1:22 changed');
    return inventory;
  });
  const tree = new DevicesTreeProvider(load);
  tree.setDevices(readDeviceConfigs([{ name: 'r1', host: '10.0.0.1', username: 'u' }]).devices);
  tree.getChildren(tree.getChildren()[0]);
  await settle();
  const [node] = tree.getChildren();
  assert.equal(node.icon, 'error');
  assert.equal(tree.getChildren(node)[0].label, 'Host key for 10.0.0.1:22 changed');
  fail = false;
  tree.refresh();
  await settle();
  assert.equal(tree.getChildren()[0].contextValue, 'device.connected');
  assert.equal(load.mock.callCount(), 2);
});
