// Pushes over HTTP end to end: the engine's HTTP server on a free port named in the URL (no mapping,
// as on a real device), the lab's devices pulling with a real HTTP client and printing IOS's
// `copy http://` dialogue, verify /md5, cancel; and what HTTP cannot do refused up front — a pull
// (the engine takes no uploads over HTTP), the 2500 (its IOS lists no http: and its boot image has
// none), and `auto` choosing it where it is the fastest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type JobEvent, pullFile, pushImage, readLocalImage } from '../../../src/jobs';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { flashMd5, flashNames, startJobLab } from './job-lab';

const kib = 1024;
const mib = 1024 * 1024;

for (const profile of ['c2960x', 'isr4331', 'c3850-stack', 'c9300']) {
  test(`${profile}: push over HTTP, the port in the URL, byte-exact and verified; the dialogue as IOS prints it`, { timeout: 120_000 }, async (t) => {
    const lab = await startJobLab(t, [profile]);
    const [device] = lab.devices;
    const image = await writeSampleImage(tempDir(t), sampleImages[profile], 700 * kib + 13, 3);
    const { session, snapshot } = await lab.open(device);
    const events: JobEvent[] = [];
    const result = await pushImage(session, snapshot, { protocol: 'http', local: await readLocalImage(image.path), server: lab.server('http'), onEvent: (e) => events.push(e) });
    assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
    assert.equal(result.outcome.status === 'succeeded' && result.outcome.verified, true);
    const fsName = snapshot.fileSystems.find((f) => f.isDefault)!.name;
    assert.equal(await flashMd5(device, fsName, sampleImages[profile].name), image.md5);
    const sent = result.log.lines.filter((l) => l.kind === 'sent').map((l) => l.text);
    const copy = sent.find((s) => s.startsWith('copy '))!;
    // The secret folder of the offer is a credential: the log shows it redacted.
    assert.match(copy, new RegExp(`^copy http://127\\.0\\.0\\.1:\\d+/\\*{5}/${sampleImages[profile].name.replace(/\./g, '\\.')} ${fsName}${sampleImages[profile].name.replace(/\./g, '\\.')}$`));
    // The device's own output (the log's copy of it is redacted): the one-time folder is 128 random bits.
    const output = events.filter((e) => e.type === 'device-output').map((e) => (e as { text: string }).text).join('');
    assert.match(output, /Destination filename \[[^\]]+\]\?/);
    assert.match(output, /Accessing http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{22}\/\S+\.\.\./);
    assert.match(output, /Loading http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{22}\/\S+ !+/);
    assert.ok(output.indexOf('Destination filename') < output.indexOf('Accessing '), 'asked before Accessing, as the 3850 capture shows');
    const reach = result.checks.find((c) => c.id === 'reachability');
    assert.equal(reach?.status, 'ok');
    assert.match(reach.summary, /the port is in the copy URL/);
    const local = await readLocalImage(image.path);
    const progress = events.filter((e): e is Extract<JobEvent, { type: 'progress' }> => e.type === 'progress');
    assert.ok(progress.length > 0 && progress.every((p) => p.source === 'engine'), 'progress from the engine');
    assert.equal(progress.at(-1)!.bytes, local.sizeBytes);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(lab.engine.access.offers.forPeer('http', '127.0.0.1').length, 0, 'the offer expires with the job');
  });
}

test('cancel mid-transfer over HTTP stops the engine and the device copy', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2960x'], { bytesPerSecond: 256 * kib });
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.c2960x, 4 * mib, 4);
  const { session, snapshot } = await lab.open(device);
  const abort = new AbortController();
  const result = await pushImage(session, snapshot, {
    protocol: 'http',
    local: await readLocalImage(image.path),
    server: lab.server('http'),
    signal: abort.signal,
    onEvent: (e) => {
      if (e.type === 'progress' && e.bytes > 300 * kib) abort.abort();
    },
  });
  assert.equal(result.outcome.status, 'cancelled', result.outcome.message);
  assert.equal(lab.engine.context.active.size, 0, 'the engine stopped serving');
  assert.notEqual(await flashMd5(device, 'flash:', sampleImages.c2960x.name), image.md5);
});

test('HTTP refused up front where it cannot work: a pull (no uploads to the engine), the 2500 (no http: client, and its boot image copies over TFTP/RCP)', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2960x', 'c2500-run-from-flash']);
  const [sw, r2500] = lab.devices;
  const dir = tempDir(t);
  const a = await lab.open(sw);
  const pulled = await pullFile(a.session, a.snapshot, { protocol: 'http', deviceFile: `flash:${a.snapshot.fileSystems[0]!.files![0]!.name}`, localDir: dir, server: lab.server('http') });
  assert.equal(pulled.outcome.status, 'blocked', pulled.outcome.message);
  assert.match(pulled.outcome.message, /HTTP cannot be used for this copy: the bundled engine does not take uploads over HTTP/);

  const before = flashNames(r2500, 'flash:');
  const b = await lab.open(r2500);
  assert.ok(b.snapshot.urlPrefixes && !b.snapshot.urlPrefixes.includes('http:'), 'its show file systems lists no http:');
  const local = await readLocalImage((await writeSampleImage(dir, sampleImages['c2500-run-from-flash'], 100 * kib, 2)).path);
  const pushed = await pushImage(b.session, b.snapshot, { protocol: 'http', local, server: lab.server('http'), confirmations: ['erase-flash'], reconnect: lab.reconnect(r2500), reload: { timeoutMs: 30_000, retryMs: 300, firstTryMs: 300 } });
  assert.equal(pushed.outcome.status, 'blocked');
  assert.match(pushed.outcome.message, /copies over TFTP or RCP only/);
  assert.deepEqual(flashNames(r2500, 'flash:'), before, 'nothing touched');
});

test('auto: the round trip is measured, every protocol estimated, and the fastest chosen — HTTP on the lab', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['isr4331']);
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.isr4331, 2 * mib, 5);
  const { session, snapshot } = await lab.open(device);
  const events: JobEvent[] = [];
  const result = await pushImage(session, snapshot, { protocol: 'auto', local: await readLocalImage(image.path), server: lab.server(), onEvent: (e) => events.push(e) });
  assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
  assert.equal(result.plan.protocol, 'http');
  assert.ok(events.some((e) => e.type === 'protocol' && e.protocol === 'http'), 'the card learns the protocol');
  const choice = result.checks.find((c) => c.id === 'protocol');
  assert.equal(choice?.status, 'info');
  assert.match(choice.summary, /^HTTP chosen: about .+, the fastest for this link\.$/);
  assert.match(choice.facts[0]!, /^round trip to \S+: \d+\.\d ms \(least of 5 SSH keep-alive round trips\)$/);
  for (const p of ['TFTP', 'FTP', 'RCP', 'HTTP']) assert.ok(choice.facts.some((f) => f.startsWith(`${p}: about `)), `${p} estimated`);
  assert.ok(result.log.lines.some((l) => l.kind === 'sent' && l.text.startsWith('copy http://')));
  assert.equal(await flashMd5(device, 'bootflash:', sampleImages.isr4331.name), image.md5);
});
