// VS Code passes back the element object it was first given when a node changes; the device's row
// must still show its new state (platform/version after loading, or the error).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DevicesTreeProvider } from '../../../src/ui/devices/tree-provider';
import type { DeviceInventory } from '../../../src/ui/devices/tree-model';

const inventory: DeviceInventory = { hostname: 'SW1', platform: 'WS-C2960X-48FPD-L', version: '15.2(7)E3', bootVariable: [], fileSystems: [{ name: 'flash:', total: 100, free: 50, files: [] }] };

test('a device row given back by VS Code shows the state loaded since', async () => {
  let fail = false;
  const provider = new DevicesTreeProvider(async () => {
    if (fail) throw new Error('connection refused');
    return inventory;
  });
  provider.setDevices([{ name: 'sw1', host: '127.0.0.1', username: 'admin' }]);
  const [node] = provider.getChildren();
  assert.equal(provider.getTreeItem(node).description, 'admin@127.0.0.1');
  const fired: unknown[] = [];
  provider.onDidChangeTreeData((e) => fired.push(e));
  provider.getChildren(node); // expanding starts the load
  for (let i = 0; i < 50 && provider.state('sw1').kind !== 'loaded'; i++) await new Promise((r) => setTimeout(r, 2));
  assert.equal(provider.getTreeItem(node).description, 'WS-C2960X-48FPD-L · 15.2(7)E3');
  assert.equal(provider.getTreeItem(node).contextValue, 'device.connected');
  fail = true;
  provider.refresh('sw1');
  for (let i = 0; i < 50 && provider.state('sw1').kind !== 'error'; i++) await new Promise((r) => setTimeout(r, 2));
  assert.equal(provider.getTreeItem(node).description, 'connection refused');
  assert.ok(fired.length >= 2);
  provider.dispose();
});

test('a refresh keeps items, their ids and their expansion: it fires only the file system that changed', async () => {
  let free = 50;
  const provider = new DevicesTreeProvider(async () => ({
    ...inventory,
    fileSystems: [
      { name: 'flash:', total: 100, free, files: [{ name: 'a.bin', size: 10 }] },
      { name: 'nvram:', total: 10, free: 5, files: [] },
    ],
  }));
  provider.setDevices([{ name: 'sw1', host: '127.0.0.1', username: 'admin' }]);
  const [device] = provider.getChildren();
  provider.getChildren(device);
  for (let i = 0; i < 50 && provider.state('sw1').kind !== 'loaded'; i++) await new Promise((r) => setTimeout(r, 2));
  const [flash, nvram] = provider.getChildren(device);
  assert.equal(flash.id, 'device:sw1/flash:');
  const fired: unknown[] = [];
  provider.onDidChangeTreeData((e) => fired.push(e));
  provider.setExpanded(flash, true);
  assert.equal(provider.getTreeItem(flash).collapsibleState, 2, 'the person expanded it: it says expanded');
  assert.deepEqual(fired, [], 'nothing is sent for it: VS Code knows');
  provider.setExpanded(device, false);
  assert.equal(provider.getTreeItem(device).collapsibleState, 1, 'the person collapsed it: it says collapsed');
  fired.length = 0;
  free = 40;
  provider.refresh('sw1');
  assert.equal(provider.state('sw1').kind, 'loading');
  assert.deepEqual(provider.getChildren(device).map((n) => n.id), [flash.id, nvram.id], 'while it reads again, the tree shows what it had');
  assert.deepEqual(fired, [], 'and fires nothing yet');
  for (let i = 0; i < 50 && provider.state('sw1').kind !== 'loaded'; i++) await new Promise((r) => setTimeout(r, 2));
  assert.deepEqual(fired, [[flash]], 'only flash: changed');
  assert.match(String(provider.getTreeItem(flash).description), /^40 B free/, 'the object VS Code holds shows the new space');
  assert.equal(provider.getTreeItem(flash).collapsibleState, 2);
  provider.dispose();
});
