// The copy plan without a device: plan(snapshot, request) is pure, so what a job will do — the probe
// it needs first, the checks, what blocks it, the steps, the protocol `auto` takes — is decided from
// data alone. And the estimates behind `auto`, in the numbers the issue gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Protocol } from '../../../src/engine';
import { type CopyRequest, type CopySnapshot, estimate, formatDuration, plan, type PushRequest } from '../../../src/jobs';
import type { EngineReach } from '../../../src/jobs';
import type { LocalImage } from '../../../src/jobs';
import { c2960x, mib } from './preflight-fixture';

const local: LocalImage = {
  path: '/images/c2960x-universalk9-mz.152-7.E4.bin',
  name: 'c2960x-universalk9-mz.152-7.E4.bin',
  sizeBytes: 20 * mib,
  digests: { md5: '0123456789abcdef0123456789abcdef' },
  // An ELF header for a PowerPC (machine 20), as 2960-X images have.
  header: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 20]),
};

const allUp: EngineReach = {
  facingAddress: '10.0.0.1',
  facingSource: 'ssh',
  peerAddress: '10.0.0.2',
  protocols: { tftp: { bound: { address: '0.0.0.0', port: 69 } }, ftp: { bound: { address: '0.0.0.0', port: 21 } }, rcp: { bound: { address: '0.0.0.0', port: 514 } }, http: { bound: { address: '0.0.0.0', port: 8080 } } },
};

function snapshot(over: Partial<CopySnapshot> = {}): CopySnapshot {
  return { device: c2960x(), reach: allUp, roundTrip: { ms: 20, how: 'test' }, ...over };
}

function push(over: Partial<PushRequest> = {}): PushRequest {
  return { kind: 'push', protocol: 'tftp', server: { kind: 'engine' }, confirmations: [], local, canReconnect: true, ...over };
}

test('a plain push: checks pass, steps are offer → copy → verify, the offer for exactly the device on the facing address', () => {
  const p = plan(snapshot(), push());
  assert.deepEqual(p.blocked, []);
  assert.equal(p.probe, undefined);
  assert.deepEqual(p.steps.map((s) => s.kind), ['offer', 'copy', 'verify']);
  const offer = p.steps[0]!;
  assert.ok(offer.kind === 'offer');
  assert.equal(offer.endpoint.peer, '10.0.0.2');
  assert.equal(offer.endpoint.host, '10.0.0.1');
  assert.equal(offer.endpoint.port, undefined, 'no port in a TFTP URL');
  assert.equal(p.target, `flash:${local.name}`);
  assert.deepEqual(plan(snapshot(), push()), p, 'pure: the same input, the same plan');
});

test('HTTP: the port goes in the URL; FTP a one-time login; RCP the remote username', () => {
  const offerOf = (protocol: Protocol) => {
    const s = plan(snapshot(), push({ protocol })).steps[0]!;
    assert.ok(s.kind === 'offer');
    return s.endpoint;
  };
  assert.equal(offerOf('http').port, 8080);
  assert.equal(offerOf('ftp').identity, 'one-time-login');
  assert.deepEqual(offerOf('rcp').identity, { username: 'admin' });
  assert.equal(offerOf('tftp').identity, 'none');
});

test('a same-named, same-sized file: a probe first; its MD5 then decides — the same image skips the copy, another needs the overwrite confirmation', () => {
  const device = c2960x();
  device.fileSystems[0]!.files!.push({ name: local.name, sizeBytes: local.sizeBytes });
  const first = plan(snapshot({ device }), push());
  assert.deepEqual(first.probe, { kind: 'existing-md5', path: `flash:${local.name}`, sizeBytes: local.sizeBytes });
  assert.deepEqual(first.steps, []);
  const same = plan(snapshot({ device, existingMd5: { path: `flash:${local.name}`, md5: local.digests.md5 } }), push());
  assert.equal(same.probe, undefined);
  assert.equal(same.skipCopy, true);
  const other = plan(snapshot({ device, existingMd5: { path: `flash:${local.name}`, md5: 'f'.repeat(32) } }), push());
  assert.deepEqual(other.blocked.map((c) => c.confirmation), ['overwrite']);
  assert.deepEqual(other.steps, [], 'nothing to do while blocked');
  const confirmed = plan(other.snapshot, { ...other.request, confirmations: ['overwrite'] } as CopyRequest);
  assert.deepEqual(confirmed.blocked, []);
  assert.deepEqual(confirmed.steps.map((s) => s.kind), ['offer', 'copy', 'verify'], 'planned again from the answer, no probe again');
});

test('run from flash (Flash Load Helper): the copy reloads, the job waits for the device, then verifies; only TFTP and RCP', () => {
  const device = c2960x({ platform: '2500', version: '12.2(29b)', runningImage: 'flash:c2500-js-l.122-29b.bin' });
  device.fileSystems[0] = { ...device.fileSystems[0]!, readOnly: true, eraseBeforeCopy: true };
  // A 68030 image (ELF machine 4) for the 2500.
  const image = { ...local, name: 'c2500-js-l.123-26.bin', path: '/images/c2500-js-l.123-26.bin', sizeBytes: 4 * mib, header: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 4]) };
  const p = plan(snapshot({ device }), push({ protocol: 'rcp', confirmations: ['erase-flash'], local: image }));
  assert.deepEqual(p.blocked, []);
  const copy = p.steps.find((s) => s.kind === 'copy');
  assert.ok(copy?.kind === 'copy' && copy.reloads && copy.erases);
  assert.deepEqual(p.steps.map((s) => s.kind).slice(-3), ['copy', 'await-reload', 'verify']);
  for (const protocol of ['ftp', 'http'] as const) {
    const refused = plan(snapshot({ device }), push({ protocol, confirmations: ['erase-flash'], local: image }));
    assert.match(refused.blocked.map((c) => c.summary).join(' '), /copies over TFTP or RCP only/, protocol);
  }
  const auto = plan(snapshot({ device }), push({ protocol: 'auto', confirmations: ['erase-flash'], local: image }));
  assert.equal(auto.protocol, 'rcp', 'auto: the faster of the two the boot image has');
});

test('auto takes the fastest available: HTTP; not where the IOS has no http: client; and a pull never HTTP (no uploads)', () => {
  assert.equal(plan(snapshot(), push({ protocol: 'auto' })).protocol, 'http');
  const noHttp = c2960x({ urlPrefixes: ['tftp:', 'ftp:', 'rcp:'] });
  assert.equal(plan(snapshot({ device: noHttp }), push({ protocol: 'auto' })).protocol, 'rcp', 'fewer round trips to start than FTP');
  const withoutRcp = { ...allUp, protocols: { ...allUp.protocols, http: { bindError: 'EADDRINUSE' }, rcp: { bindError: 'EACCES' } } };
  assert.equal(plan(snapshot({ reach: withoutRcp }), push({ protocol: 'auto' })).protocol, 'ftp', 'servers that could not start are out');
  const pull: CopyRequest = { kind: 'pull', protocol: 'auto', server: { kind: 'engine' }, confirmations: [], deviceFile: 'flash:config.text', localDir: '/tmp/x' };
  assert.notEqual(plan(snapshot({ localDestination: { path: '/tmp/x/config.text', exists: false } }), pull).protocol, 'http');
  const explicit = plan(snapshot({ localDestination: { path: '/tmp/x/config.text', exists: false } }), { ...pull, protocol: 'http' });
  assert.match(explicit.blocked.map((c) => c.summary).join(' '), /HTTP cannot be used for this copy: the bundled engine does not take uploads over HTTP/);
});

test('the report recommends: a slow choice says which protocol would be faster; auto with an external server must be told', () => {
  const slow = plan(snapshot(), push({ protocol: 'tftp' })).checks.find((c) => c.id === 'protocol')!;
  assert.equal(slow.status, 'info');
  assert.match(slow.summary, /^TFTP: about .*; HTTP \(recommended\) would take about .* on this link\.$/);
  assert.ok(slow.facts.some((f) => /IOS TCP window 4128 bytes \(assumed: the IOS default\)/.test(f)));
  const configured = plan(snapshot({ device: c2960x({ config: { tcpWindowSize: 65535 } }) }), push({ protocol: 'http' })).checks.find((c) => c.id === 'protocol')!;
  assert.ok(configured.facts.some((f) => /IOS TCP window 65535 bytes \(ip tcp window-size\)/.test(f)));
  const external = plan(snapshot({ reach: undefined }), push({ protocol: 'auto', server: { kind: 'external', host: '10.9.9.9' } }));
  assert.equal(external.blocked[0]?.id, 'protocol');
  const named = plan(snapshot({ reach: undefined }), push({ protocol: 'ftp', server: { kind: 'external', host: '10.9.9.9' } }));
  assert.ok(!named.checks.some((c) => c.id === 'protocol'), 'no estimates for a path the job cannot measure');
});

test('estimates: TFTP at 512-byte blocks over 20 ms moves 1 GB in over 11 hours; a 4128-byte TCP window in under 1.5', () => {
  const gb = 1024 ** 3;
  const input = { sizeBytes: gb, roundTripMs: 20, tftpBlockBytes: 512, tcpWindowBytes: 4128 };
  const tftp = estimate('tftp', input);
  assert.ok(tftp.seconds > 11 * 3600, formatDuration(tftp.seconds));
  assert.equal(formatDuration(tftp.seconds), '11 h 39 min');
  const http = estimate('http', input);
  assert.ok(http.seconds < 1.5 * 3600, formatDuration(http.seconds));
  assert.ok(estimate('ftp', input).seconds > http.seconds, 'FTP needs more round trips to start');
  assert.ok(estimate('tftp', { ...input, tftpBlockBytes: 8192 }).seconds < tftp.seconds / 15, 'ip tftp blocksize 8192');
  assert.equal(formatDuration(0.0004), '1 ms');
  assert.equal(formatDuration(42), '42 s');
  assert.equal(formatDuration(125), '2 min 5 s');
});

test('a copy slower than the estimate of a long link is not cut off: it ends on ten minutes of silence, or below 2 KB/s', () => {
  // 20 MiB: at TFTP's 512-byte blocks over 20 ms the copy takes 14 min, past the 10 min the job once allowed.
  const big = local;
  const p = plan(snapshot({ roundTrip: { ms: 20, how: 'test' } }), push({ local: big }));
  const copy = p.steps.find((s) => s.kind === 'copy')!;
  assert.ok(copy.kind === 'copy');
  assert.equal(copy.silenceTimeoutMs, 10 * 60_000);
  const expected = estimate('tftp', { sizeBytes: big.sizeBytes, roundTripMs: 20, tftpBlockBytes: 512, tcpWindowBytes: 4128 });
  assert.ok(copy.timeoutMs > 2 * expected.seconds * 1000, `limit ${copy.timeoutMs} ms, estimate ${expected.seconds} s`);
  const small = plan(snapshot(), push({ local: { ...local, sizeBytes: mib } })).steps.find((s) => s.kind === 'copy');
  assert.ok(small?.kind === 'copy' && small.timeoutMs === 10 * 60_000, 'never under the silence limit');
});
