// The job's side of a Flash Load Helper copy, without a device: how long it waits and how often it
// tries, when it gives up (and on what it never retries), and how it judges what the device holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthenticationError, ConnectError, type DeviceSession } from '../../../src/device';
import type { DeviceSnapshot } from '../../../src/jobs/device-snapshot';
import { type DeviceAfterReload, DeviceNotBackError, HostKeyDifferentError, notBackMessage, problemAfterReload, reloadTiming, waitForDevice } from '../../../src/jobs/flash-load-helper';
import { JobLog } from '../../../src/jobs/job-log';

/** Just what waitForDevice looks at: the host key, and close. */
function session(fingerprint: string, closed: { n: number }): DeviceSession {
  return { facts: () => ({ hostKey: { type: 'ssh-ed25519', fingerprint } }), close: () => void closed.n++ } as unknown as DeviceSession;
}

const fast = { timeoutMs: 2_000, retryMs: 20, firstTryMs: 10 };

test('reloadTiming: minutes by default, scaled with the image; a short deadline tries more often', () => {
  assert.deepEqual(reloadTiming(16 * 1024 * 1024), { timeoutMs: 15 * 60_000 + 336_000, retryMs: 10_000, firstTryMs: 15_000 });
  assert.deepEqual(reloadTiming(1000, { timeoutMs: 30_000 }), { timeoutMs: 30_000, retryMs: 1_500, firstTryMs: 3_000 });
  assert.deepEqual(reloadTiming(1000, { timeoutMs: 5_000, retryMs: 100 }), { timeoutMs: 5_000, retryMs: 100, firstTryMs: 1_000 });
});

test('waitForDevice: retries while the device is down, returns the session that has the same host key', async (t) => {
  const closed = { n: 0 };
  let tries = 0;
  const reconnect = t.mock.fn(async () => {
    if (++tries < 3) throw new ConnectError('R2500', 'connection closed before the handshake');
    return session('SHA256:same', closed);
  });
  const log = new JobLog();
  const s = await waitForDevice({ device: 'R2500', reconnect, hostKeyFingerprint: 'SHA256:same', timing: fast, log });
  assert.equal(s.facts().hostKey.fingerprint, 'SHA256:same');
  assert.equal(reconnect.mock.callCount(), 3);
  assert.match(log.lines.at(-1)!.text, /R2500 answers SSH again after \d+ s \(attempt 3\), host key SHA256:same as before/);
});

test('waitForDevice: gives up at the deadline with the attempts and the last error', async (t) => {
  const reconnect = t.mock.fn(async (): Promise<DeviceSession> => {
    throw new ConnectError('R2500', 'connect ECONNREFUSED');
  });
  const err = await waitForDevice({ device: 'R2500', reconnect, hostKeyFingerprint: 'x', timing: { timeoutMs: 200, retryMs: 30, firstTryMs: 10 }, log: new JobLog() }).catch((e: unknown) => e);
  assert.ok(err instanceof DeviceNotBackError);
  assert.ok(err.attempts >= 2 && err.attempts === reconnect.mock.callCount());
  assert.match(err.lastError ?? '', /ECONNREFUSED/);
  assert.match(notBackMessage('R2500', 'flash:', err), /^R2500 did not come back within 0 s after the Flash Load Helper reload \(\d+ attempts; last: .*ECONNREFUSED\)\. .*sits in its boot image \(prompt "R2500\(boot\)>", no SSH\)/);
});

test('waitForDevice: another host key, or a refused login, ends the wait at once', async (t) => {
  const closed = { n: 0 };
  const impostor = t.mock.fn(async () => session('SHA256:other', closed));
  await assert.rejects(waitForDevice({ device: 'R2500', reconnect: impostor, hostKeyFingerprint: 'SHA256:same', timing: fast, log: new JobLog() }), HostKeyDifferentError);
  assert.equal(impostor.mock.callCount(), 1);
  assert.equal(closed.n, 1, 'the session to the impostor is closed');
  const refused = t.mock.fn(async (): Promise<DeviceSession> => {
    throw new AuthenticationError('R2500', ['password']);
  });
  await assert.rejects(waitForDevice({ device: 'R2500', reconnect: refused, hostKeyFingerprint: 'x', timing: fast, log: new JobLog() }), AuthenticationError);
  assert.equal(refused.mock.callCount(), 1);
});

test('waitForDevice: a cancel stops the wait', async () => {
  const abort = new AbortController();
  const waiting = waitForDevice({ device: 'R2500', reconnect: async () => Promise.reject(new ConnectError('R2500', 'down')), hostKeyFingerprint: 'x', timing: { timeoutMs: 60_000, retryMs: 50, firstTryMs: 10 }, signal: abort.signal, log: new JobLog() });
  setTimeout(() => abort.abort(new Error('cancelled')), 100);
  await assert.rejects(waiting, /cancelled/);
});

function after(files: { name: string; sizeBytes: number }[], flhFailed = false): DeviceAfterReload {
  const snapshot: DeviceSnapshot = { hostname: 'R2500', platform: '2500', version: '12.2(29b)', runningImage: 'flash:old.bin', bootVariable: [], fileSystems: [{ name: 'flash:', files }], config: {}, loginUser: 'netops', unknown: [] };
  const file = files.find((f) => f.name === 'new.bin');
  return { snapshot, ...(file ? { file } : {}), flhFailed };
}

test('problemAfterReload: the image missing (with what the boot image said), or short; nothing when name and size agree', () => {
  const c = { host: 'R2500', target: 'flash:new.bin', fileSystem: 'flash:', sizeBytes: 1000, runsNew: false };
  assert.equal(
    problemAfterReload(after([{ name: 'old.bin', sizeBytes: 5 }], true), c),
    'R2500 came back running flash:old.bin, but flash:new.bin is not in flash: (its boot image reported "Flash download failed"). flash: now holds: old.bin.',
  );
  assert.equal(problemAfterReload(after([{ name: 'new.bin', sizeBytes: 999 }]), { ...c, runsNew: true }), 'R2500 holds flash:new.bin with 999 bytes, the image has 1000: the copy is incomplete. R2500 runs it now — reload it only after copying the image again.');
  assert.equal(problemAfterReload(after([{ name: 'new.bin', sizeBytes: 1000 }]), c), undefined);
});
