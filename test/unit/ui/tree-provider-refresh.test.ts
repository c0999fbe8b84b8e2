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
