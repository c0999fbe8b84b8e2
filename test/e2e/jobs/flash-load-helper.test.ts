// Pushes to the run-from-flash 2500 through the jobs layer and the real engine: the pre-flight report
// says the session drops, the device reloads twice and what a failure leaves; the typed confirmation
// is needed; the job rides out the dropped session, reconnects (same host key) and judges the copy
// by what the device runs and holds. FTP, a job that cannot reconnect, a boot image whose copy fails
// and a device that comes back with another key are each refused or reported as what they are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobPhase } from '../../../src/jobs/job-events';
import { readLocalImage } from '../../../src/jobs/local-image';
import { pushImage } from '../../../src/jobs';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { flashMd5, flashNames, startJobLab } from './job-lab';

const kib = 1024;
const spec = sampleImages['c2500-run-from-flash'];
const oldImage = 'c2500-js-l.122-29b.bin';
/** Short reloads and deadline for the lab; real routers take minutes (the defaults). */
const reload = { timeoutMs: 30_000, retryMs: 300, firstTryMs: 300 };

for (const protocol of ['tftp', 'rcp'] as const) {
  test(`2500 over ${protocol.toUpperCase()}: blocked until confirmed (the report says what happens); then the session drops, the job reconnects and finds the new image running`, { timeout: 120_000 }, async (t) => {
    const lab = await startJobLab(t, ['c2500-run-from-flash'], undefined, { reloadMs: 500 });
    const [device] = lab.devices;
    const image = await writeSampleImage(tempDir(t), spec, 300 * kib, 7);
    const local = await readLocalImage(image.path);

    const first = await lab.open(device);
    const refused = await pushImage(first.session, first.snapshot, { protocol, local, server: lab.server(protocol), reconnect: lab.reconnect(device), reload });
    assert.equal(refused.outcome.status, 'blocked');
    const flh = refused.checks.find((c) => c.id === 'flash-load-helper');
    assert.equal(flh?.status, 'warning', 'said, not blocking by itself');
    for (const fact of [/SSH session DROPS/, /reloads into the new image \(second reload\)/, /left ERASED .* boot ROM image with no SSH/, /reconnects \(the same host key only\)/]) {
      assert.ok(flh.facts.some((f) => fact.test(f)), `${fact} in ${flh.facts.join(' | ')}`);
    }
    const erase = refused.checks.find((c) => c.id === 'erase');
    assert.equal(erase?.status, 'blocking');
    assert.equal(erase.confirmation, 'erase-flash', 'the typed confirmation lifts it');
    assert.match(erase.summary, /ERASES flash: on R2500\. If the boot image's copy fails, flash: stays erased and R2500 stays in its boot ROM image/);
    assert.deepEqual(flashNames(device, 'flash:'), [oldImage], 'nothing touched');

    const second = await lab.open(device);
    const phases: JobPhase[] = [];
    const done = await pushImage(second.session, second.snapshot, {
      protocol,
      local,
      server: lab.server(protocol),
      confirmations: ['erase-flash'],
      reconnect: lab.reconnect(device),
      reload,
      onEvent: (e) => e.type === 'phase' && phases.push(e.phase),
    });
    assert.equal(done.outcome.status, 'succeeded', done.outcome.message);
    assert.match(done.outcome.message, /through the Flash Load Helper: R2500 reloaded twice and runs the new image; flash:c2500-js-l\.123-26\.bin has 307200 bytes as sent, but this IOS has no verify \/md5/);
    assert.equal(done.outcome.status === 'succeeded' && done.outcome.verified, false);
    assert.deepEqual(phases.slice(phases.indexOf('copying')), ['copying', 'reloading', 'verifying', 'done']);
    assert.equal(second.session.isClosed, true, 'the first session dropped');
    assert.deepEqual(flashNames(device, 'flash:'), [spec.name], 'the old image is gone');
    assert.equal(await flashMd5(device, 'flash:', spec.name), image.md5);
    assert.equal(device.state.runningImage, `flash:${spec.name}`);
    const sent = done.log.lines.filter((l) => l.kind === 'sent').map((l) => l.text);
    assert.ok(sent.includes('more flh:logfile'), 'the boot image log is read');
    assert.ok(done.log.lines.some((l) => l.kind === 'received' && /%FLH: Re-booting system after download/.test(l.text)));
    assert.ok(done.log.lines.some((l) => l.kind === 'note' && /answers SSH again after \d+ s \(attempt \d+\), host key SHA256:\S+ as before/.test(l.text)));
    assert.equal(lab.engine.access.offers.forPeer(protocol, '127.0.0.1').length, 0, 'the offer is withdrawn');
  });
}

test('2500: FTP is refused up front (the boot ROM image has no FTP client); so is a job that cannot reconnect', { timeout: 60_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2500-run-from-flash'], undefined, { reloadMs: 500 });
  const [device] = lab.devices;
  const local = await readLocalImage((await writeSampleImage(tempDir(t), spec, 100 * kib, 2)).path);
  const { session, snapshot } = await lab.open(device);
  const ftp = await pushImage(session, snapshot, { protocol: 'ftp', local, server: lab.server('ftp'), confirmations: ['erase-flash'], reconnect: lab.reconnect(device), reload });
  assert.equal(ftp.outcome.status, 'blocked');
  assert.match(ftp.outcome.message, /copies over TFTP or RCP only/);
  const stuck = await pushImage(session, snapshot, { protocol: 'tftp', local, server: lab.server('tftp'), confirmations: ['erase-flash'], reload });
  assert.equal(stuck.outcome.status, 'blocked');
  assert.match(stuck.outcome.message, /no way to reconnect/);
  assert.ok(stuck.checks.every((c) => c.id !== 'flash-load-helper' || c.confirmation === undefined), 'no confirmation lifts it');
  assert.deepEqual(flashNames(device, 'flash:'), [oldImage]);
  assert.equal(device.state.power.state, 'up');
});

test('2500: when the boot image cannot copy, the job waits until its deadline and says flash is erased and the router sits in its boot image', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2500-run-from-flash'], { flhCopyFails: true }, { reloadMs: 300 });
  const [device] = lab.devices;
  const local = await readLocalImage((await writeSampleImage(tempDir(t), spec, 100 * kib, 3)).path);
  const { session, snapshot } = await lab.open(device);
  const result = await pushImage(session, snapshot, { protocol: 'tftp', local, server: lab.server('tftp'), confirmations: ['erase-flash'], reconnect: lab.reconnect(device), reload: { timeoutMs: 5_000, retryMs: 500, firstTryMs: 300 } });
  assert.equal(result.outcome.status, 'failed');
  assert.match(result.outcome.message, /^R2500 did not come back within \d+ s after the Flash Load Helper reload \(\d+ attempts; last: .+\)\. The boot ROM image erases flash: before it copies: if its copy failed, R2500 sits in its boot image \(prompt "R2500\(boot\)>", no SSH\) with nothing to boot\. Connect to its console/);
  assert.equal(device.state.power.state === 'down' && device.state.power.phase, 'boot-image');
  assert.deepEqual(flashNames(device, 'flash:'), [], 'erased, nothing copied');
});

test('2500: a device that comes back with another host key is not trusted', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2500-run-from-flash', 'c2500-run-from-flash'], undefined, { reloadMs: 300 });
  const [device, impostor] = lab.devices;
  const local = await readLocalImage((await writeSampleImage(tempDir(t), spec, 100 * kib, 4)).path);
  const { session, snapshot } = await lab.open(device);
  const result = await pushImage(session, snapshot, { protocol: 'tftp', local, server: lab.server('tftp'), confirmations: ['erase-flash'], reconnect: lab.reconnect(impostor), reload });
  assert.equal(result.outcome.status, 'failed');
  assert.match(result.outcome.message, /^R2500 came back with host key SHA256:\S+, not SHA256:\S+ as before the reload: refusing to go on/);
  assert.ok(!result.log.lines.some((l) => l.kind === 'sent' && l.text === 'more flh:logfile'), 'nothing was sent to it');
});

test('2500: a cancel while the device reloads stops the waiting only — the offer stays, so the boot image still finishes its copy', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2500-run-from-flash'], undefined, { reloadMs: 800 });
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), spec, 200 * kib, 5);
  const { session, snapshot } = await lab.open(device);
  const abort = new AbortController();
  const result = await pushImage(session, snapshot, {
    protocol: 'tftp',
    local: await readLocalImage(image.path),
    server: lab.server('tftp'),
    confirmations: ['erase-flash'],
    reconnect: lab.reconnect(device),
    reload,
    signal: abort.signal,
    onEvent: (e) => e.type === 'phase' && e.phase === 'reloading' && abort.abort(),
  });
  assert.equal(result.outcome.status, 'cancelled');
  assert.match(result.outcome.message, /^cancelled while R2500 reloads through the Flash Load Helper\. Its boot ROM image goes on erasing flash: and loading c2500-js-l\.123-26\.bin; the offer stays open/);
  assert.equal(lab.engine.access.offers.forPeer('tftp', '127.0.0.1').length, 1, 'still offered');
  const deadline = Date.now() + 30_000;
  while (device.state.power.state !== 'up' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(device.state.runningImage, `flash:${spec.name}`, 'the router is back on the new image, not left erased');
  assert.equal(await flashMd5(device, 'flash:', spec.name), image.md5);
});
