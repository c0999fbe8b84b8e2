// The health check after the reload, as a pure judgement of what the device printed: the new version,
// install mode, every stack member back (a member missing from the stack table is named), and the new
// image activated — uncommitted after `install activate`, committed after the one-shot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ShowInstallSummary, ShowVersion } from '../../../src/device';
import { judgeHealth } from '../../../src/jobs/install';

const members = [
  { name: 'Switch 1', switchNumber: 1 },
  { name: 'Switch 2', switchNumber: 2 },
];
const version = (v: string, switches: number[]) =>
  ({ osFamily: 'ios-xe', xeVersion: v, bootMode: 'install', memory: {}, flashDevices: [], notes: [], stack: switches.map((n) => ({ switchNumber: n, active: n === 1, ports: 62, model: 'C9300-48P', swVersion: v, swImage: 'CAT9K_IOSXE', mode: 'INSTALL' })) }) as unknown as ShowVersion;
const summary = (code: 'U' | 'C', v: string): ShowInstallSummary => ({
  locations: [{ label: 'Switch 1 2', members: ['Switch 1', 'Switch 2'], listing: 'Installed', packages: [{ type: 'IMG', stateCode: code, state: code === 'U' ? 'activated-uncommitted' : 'activated-committed', filenameOrVersion: `${v}.0.12`, version: `${v}.0.12` }] }],
  legend: {},
  notes: [],
});

test('healthy: the new version on both members, IMG U', () => {
  const h = judgeHealth('SW', { release: '17.09.05', members, state: 'activated-uncommitted' }, version('17.09.05', [1, 2]), summary('U', '17.09.05'));
  assert.equal(h.healthy, true, JSON.stringify(h.facts));
  assert.equal(h.version, '17.09.05');
});

test('not healthy: a member missing, the old version, or the image not in the state expected — each said', () => {
  const missing = judgeHealth('SW', { release: '17.09.05', members, state: 'activated-uncommitted' }, version('17.09.05', [1]), summary('U', '17.09.05'));
  assert.equal(missing.healthy, false);
  assert.ok(missing.facts.some((f) => !f.ok && f.text === 'Switch 2 did not come back (not in the stack table)'));
  const old = judgeHealth('SW', { release: '17.09.05', members, state: 'activated-uncommitted' }, version('17.09.04a', [1, 2]), summary('C', '17.09.04a'));
  assert.equal(old.healthy, false);
  assert.ok(old.facts.some((f) => !f.ok && /17\.09\.04a, not 17\.09\.05/.test(f.text)));
  const committedExpected = judgeHealth('SW', { release: '17.09.05', members, state: 'activated-committed' }, version('17.09.05', [1, 2]), summary('U', '17.09.05'));
  assert.equal(committedExpected.healthy, false);
  const unread = judgeHealth('SW', { release: '17.09.05', members, state: 'activated-uncommitted' }, undefined, undefined, ['show version could not be read: timeout']);
  assert.equal(unread.healthy, false);
});
