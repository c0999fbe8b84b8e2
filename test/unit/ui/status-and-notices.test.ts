// What the status bar and the notifications say: the truth about the lab and the engine, and a
// decline or a block that does not read as a failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatBytesExact, plural } from '../../../src/jobs/byte-units';
import { MessageBatcher } from '../../../src/ui/transfers/message-batcher';
import { declinedMessage } from '../../../src/ui/transfers/confirmation';
import { endNotice, waitingNotice } from '../../../src/ui/transfers/job-notifications';
import type { HostToWebview, PendingConfirmation } from '../../../src/ui/transfers/protocol';
import { statusText } from '../../../src/ui/status-bar';
import { ManualClock } from '../../helpers/manual-clock';

test('status bar: there while the lab or the engine runs, and it says which', () => {
  assert.equal(statusText({ engineServers: [], running: 0, waiting: 0 }).visible, false);
  const lab = statusText({ engineServers: [], lab: { devices: 7, servers: ['TFTP 127.0.0.1:40000'] }, running: 1, waiting: 0 });
  assert.equal(lab.visible, true);
  assert.equal(lab.text, '$(sync~spin) 1 transfer');
  assert.match(lab.tooltip, /Simulated lab: 7 devices on 127\.0\.0\.1, with its own engine \(TFTP 127\.0\.0\.1:40000\)/);
  assert.match(lab.tooltip, /Bundled engine: not started/);
  assert.doesNotMatch(lab.tooltip, /Transfer engine stopped/);
  const idle = statusText({ engineServers: [], lab: { devices: 7, servers: [] }, running: 0, waiting: 0 });
  assert.equal(idle.visible, true, 'the lab runs: the item is there while idle');
  assert.equal(idle.text, '$(beaker) IOS lab');
  const waiting = statusText({ engineServers: ['TFTP 0.0.0.0:69'], running: 2, waiting: 1 });
  assert.equal(waiting.text, '$(sync~spin) 2 transfers  $(warning) 1 waiting');
  assert.match(waiting.tooltip, /Bundled engine: TFTP 0\.0\.0\.0:69/);
});

const pending: PendingConfirmation = { kind: 'typed', confirmations: ['erase-flash'], hostname: 'R2500', checks: [] };

test('notifications: a decline is information, a block a warning with a way to the card, only a failure an error', () => {
  const message = declinedMessage(pending);
  assert.equal(message, 'Not copied: you chose not to erase flash. The copy did not start; R2500 is as it was.');
  assert.equal(endNotice('lab-2500', { status: 'blocked', message, checks: [] }, { status: 'declined', message }).severity, 'info');
  const blocked = endNotice('sw1', { status: 'blocked', message: 'Does not fit.', checks: [] }, { status: 'blocked', message: 'Does not fit.' });
  assert.equal(blocked.severity, 'warning');
  assert.deepEqual(blocked.actions, ['Show Transfers']);
  assert.equal(endNotice('sw1', { status: 'failed', message: 'x' }, { status: 'failed', message: 'x' }).severity, 'error');
  assert.equal(endNotice('sw1', { status: 'cancelled', message: 'cancelled' }, { status: 'cancelled', message: 'cancelled' }).severity, 'info');
  const ok = endNotice('sw1', { status: 'succeeded', bytes: 1, md5: 'a', seconds: 1, verified: true, message: 'copied', target: 'flash:x.bin' }, { status: 'succeeded', message: 'copied' });
  assert.deepEqual(ok.actions, ['Set as Boot Image…']);
  assert.match(waitingNotice('lab-2500', pending).text, /^lab-2500 waits for your confirmation to erase flash: type R2500 on its card/);
});

test('one unit system: binary units, labelled so, exact bytes on request', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MiB');
  assert.equal(formatBytes(200 * 1024 * 1024), '200 MiB');
  assert.equal(formatBytes(7194652672), '6.7 GiB');
  assert.equal(formatBytesExact(3145728), '3.0 MiB (3145728 bytes)');
  assert.equal(formatBytesExact(157), '157 bytes');
  assert.equal(plural(1, 'file'), '1 file');
  assert.equal(plural(2, 'device'), '2 devices');
});

test('the batcher: one post per interval, a card\u2019s updates merged, a snapshot drops what it holds', () => {
  const clock = new ManualClock();
  const posts: HostToWebview[] = [];
  const b = new MessageBatcher((m) => posts.push(m), clock);
  b.push({ type: 'job-updated', id: 'job-1', patch: { bytes: 1 } });
  assert.equal(posts.length, 1, 'the first goes at once');
  b.push({ type: 'job-updated', id: 'job-1', patch: { bytes: 2 } });
  b.push({ type: 'job-output', id: 'job-1', text: 'a\n' });
  b.push({ type: 'job-updated', id: 'job-1', patch: { bytes: 3, pending: null } });
  b.push({ type: 'job-output', id: 'job-1', text: '', live: '! × 10' });
  assert.equal(posts.length, 1);
  clock.advance(100);
  assert.deepEqual(posts[1], {
    type: 'batch',
    messages: [
      { type: 'job-updated', id: 'job-1', patch: { bytes: 3, pending: null } },
      { type: 'job-output', id: 'job-1', text: 'a\n', live: '! × 10' },
    ],
  });
  b.push({ type: 'job-updated', id: 'job-1', patch: { bytes: 4 } });
  b.push({ type: 'snapshot', jobs: [] });
  clock.advance(1000);
  assert.deepEqual(posts.slice(2), [{ type: 'snapshot', jobs: [] }], 'the snapshot holds the delta');
  b.dispose();
});
