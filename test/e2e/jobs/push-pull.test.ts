// Copy jobs end to end: the real engine, the simulated lab's real protocol clients, SSH sessions.
// Each test asserts the outcome and what the device's flash holds afterwards.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { TransferProtocol } from '../../../src/jobs/copy-command';
import { runGroup } from '../../../src/jobs/group';
import { readLocalImage } from '../../../src/jobs/local-image';
import { pullFile } from '../../../src/jobs';
import { pushImage } from '../../../src/jobs';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { c3640ClassB, c3640Image } from '../../helpers/class-b-profile';
import { tempDir } from '../../helpers/temp-dir';
import { flashMd5, flashNames, startJobLab } from './job-lab';

const kib = 1024;
const mib = 1024 * 1024;
const protocols: TransferProtocol[] = ['tftp', 'ftp', 'rcp'];

for (const profile of ['c2960x', 'isr4331', 'c2911']) {
  test(`${profile}: push and pull over TFTP, FTP and RCP, byte-exact and verified`, { timeout: 180_000 }, async (t) => {
    const lab = await startJobLab(t, [profile]);
    const [device] = lab.devices;
    const dir = tempDir(t);
    for (const [i, protocol] of protocols.entries()) {
      const image = await writeSampleImage(dir, { ...sampleImages[profile], name: `${protocol}-${sampleImages[profile].name}` }, 300 * kib + i * 777, i + 1);
      const { session, snapshot } = await lab.open(device);
      const local = await readLocalImage(image.path);
      const pushed = await pushImage(session, snapshot, { protocol, local, server: lab.server(protocol) });
      assert.equal(pushed.outcome.status, 'succeeded', pushed.outcome.message);
      const fsName = snapshot.fileSystems.find((f) => f.isDefault)!.name;
      assert.equal(await flashMd5(device, fsName, local.name), image.md5, `${protocol}: the device holds the exact bytes`);

      const back = path.join(dir, `back-${protocol}`);
      (await import('node:fs')).mkdirSync(back);
      const again = await lab.open(device);
      const progress: number[] = [];
      const pulled = await pullFile(again.session, again.snapshot, {
        protocol,
        deviceFile: `${fsName}${local.name}`,
        localDir: back,
        server: lab.server(protocol),
        onEvent: (e) => void (e.type === 'progress' && progress.push(e.bytes)),
      });
      assert.equal(pulled.outcome.status, 'succeeded', pulled.outcome.message);
      assert.equal(progress.at(-1), local.sizeBytes, `${protocol}: the pull's last progress is its whole size (the card ends at 100%)`);
      assert.deepEqual(readFileSync(pulled.localPath), readFileSync(image.path), `${protocol}: pulled back byte for byte`);
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual([...lab.engine.context.active].map((a) => `${a.info.protocol} ${a.info.direction} ${a.info.file}`), [], 'no transfer left in flight');
  });
}

test('an image over 32 MB at 512-byte TFTP blocks (block numbers roll over) arrives intact', { timeout: 300_000 }, async (t) => {
  const lab = await startJobLab(t, ['isr4331']);
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.isr4331, 33 * mib + 513, 7);
  const { session, snapshot } = await lab.open(device);
  const result = await pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(image.path), server: lab.server('tftp') });
  assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
  assert.equal(await flashMd5(device, 'bootflash:', sampleImages.isr4331.name), image.md5);
  assert.ok(result.checks.some((c) => c.id === 'tftp-blocksize' && c.status === 'warning'), 'suggests ip tftp blocksize');
});

test('a temporary ip tftp blocksize is set for the copy and put back afterwards', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['isr4331']);
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.isr4331, 2 * mib, 3);
  const { session, snapshot } = await lab.open(device);
  const before = await session.run('show running-config');
  const result = await pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(image.path), server: lab.server('tftp'), tftpBlocksize: 8192 });
  assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
  assert.ok(result.log.lines.some((l) => l.kind === 'sent' && l.text === 'ip tftp blocksize 8192'));
  assert.ok(result.log.lines.some((l) => l.kind === 'sent' && l.text === 'no ip tftp blocksize'));
  const after = await session.run('show running-config');
  assert.equal(/ip tftp blocksize/.test(after), /ip tftp blocksize/.test(before), 'configuration as it was');
  assert.equal(await flashMd5(device, 'bootflash:', sampleImages.isr4331.name), image.md5);
});

test('Class B flash (3640): refused without confirmation (flash untouched), done with it: the source opened before the erase, flash erased, new image only', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, [c3640ClassB()]);
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), { name: 'c3640-is-mz.122-40.bin', elfMachine: 8 }, 1 * mib, 5);
  const before = flashNames(device, 'flash:');
  const first = await lab.open(device);
  assert.equal(first.snapshot.fileSystems[0].eraseBeforeCopy, true, 'the job sees Class B flash');
  const refused = await pushImage(first.session, first.snapshot, { protocol: 'tftp', local: await readLocalImage(image.path), server: lab.server('tftp') });
  assert.equal(refused.outcome.status, 'blocked');
  assert.match(refused.outcome.message, /ERASES flash:.*console access/);
  assert.deepEqual(flashNames(device, 'flash:'), before, 'nothing was touched');

  for (const [i, protocol] of (['tftp', 'ftp', 'rcp'] as const).entries()) {
    const next = await writeSampleImage(tempDir(t), { name: `c3640-is-mz.122-4${i + 1}.bin`, elfMachine: 8 }, 512 * kib, 10 + i);
    const { session, snapshot } = await lab.open(device);
    const done = await pushImage(session, snapshot, { protocol, local: await readLocalImage(next.path), server: lab.server(protocol), confirmations: ['erase-flash'] });
    assert.equal(done.outcome.status, 'succeeded', `${protocol}: ${done.outcome.message}`);
    const output = done.log.lines.filter((l) => l.kind === 'received').map((l) => l.text).join('\n');
    assert.ok(output.indexOf('Accessing ') < output.indexOf('Erase flash: before copying?'), `${protocol}: Accessing comes before the erase question`);
    assert.deepEqual(flashNames(device, 'flash:'), [`c3640-is-mz.122-4${i + 1}.bin`], `${protocol}: erased, the new image only`);
    assert.equal(await flashMd5(device, 'flash:', `c3640-is-mz.122-4${i + 1}.bin`), next.md5);
  }
});

test('Class B flash (3640): a source that cannot be opened fails at Accessing, and the job says nothing was erased', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, [c3640ClassB()]);
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), { name: 'c3640-is-mz.122-40.bin', elfMachine: 8 }, 200 * kib, 6);
  const { session, snapshot } = await lab.open(device);
  // The device is sent to a server that does not have the file (the engine, with nothing offered).
  const result = await pushImage(session, snapshot, {
    protocol: 'tftp',
    local: await readLocalImage(image.path),
    server: { kind: 'external', host: '127.0.0.1', path: 'not-there.bin' },
    confirmations: ['erase-flash'],
  });
  assert.equal(result.outcome.status, 'failed');
  assert.match(result.outcome.message, /could not copy not-there\.bin: %Error opening tftp:\/\/127\.0\.0\.1\/not-there\.bin \(No such file or directory\)\. Nothing was erased: flash: on R3640 is as it was\.$/);
  assert.deepEqual(flashNames(device, 'flash:'), [c3640Image], 'flash untouched');
  assert.ok(!result.log.lines.some((l) => /Erase flash: before copying/.test(l.text)), 'the erase question never came');
});

test('refused before touching the device: out of space, wrong platform, checksum mismatch', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2960x']);
  const [device] = lab.devices;
  const dir = tempDir(t);
  const before = flashNames(device, 'flash:');
  const { session, snapshot } = await lab.open(device);

  const huge = await writeSampleImage(dir, sampleImages.c2960x, 1 * mib, 1);
  const tooBig = await pushImage(session, { ...snapshot, fileSystems: snapshot.fileSystems.map((f) => ({ ...f, freeBytes: 100 * kib })) }, { protocol: 'tftp', local: await readLocalImage(huge.path), server: lab.server('tftp') });
  assert.equal(tooBig.outcome.status, 'blocked');
  assert.ok(tooBig.checks.some((c) => c.id === 'space' && c.status === 'blocking'));

  const wrong = await writeSampleImage(dir, sampleImages.isr4331, 256 * kib, 2);
  const mismatch = await pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(wrong.path), server: lab.server('tftp') });
  assert.equal(mismatch.outcome.status, 'blocked');
  assert.match(mismatch.outcome.message, /image for ISR 4300, but the model of SW2960X is WS-C2960X/);

  const good = await writeSampleImage(dir, { ...sampleImages.c2960x, name: 'c2960x-universalk9-mz.152-7.E5.bin' }, 256 * kib, 3);
  writeFileSync(`${good.path}.md5`, `${'0'.repeat(32)}  c2960x-universalk9-mz.152-7.E5.bin\n`);
  const corrupt = await pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(good.path), server: lab.server('tftp') });
  assert.equal(corrupt.outcome.status, 'blocked');
  assert.ok(corrupt.checks.some((c) => c.id === 'checksum' && c.status === 'blocking'));

  assert.deepEqual(flashNames(device, 'flash:'), before, 'flash unchanged by refused jobs');
  assert.equal(lab.engine.access.offers.forPeer('tftp', '127.0.0.1').length, 0, 'no offer was made');
});

test('a corrupted copy fails verify /md5 and is left in place, named', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2960x'], { wrongChecksum: true });
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.c2960x, 300 * kib, 4);
  const { session, snapshot } = await lab.open(device);
  const result = await pushImage(session, snapshot, { protocol: 'ftp', local: await readLocalImage(image.path), server: lab.server('ftp') });
  assert.equal(result.outcome.status, 'failed');
  assert.match(result.outcome.message, /verify \/md5 .* the copy is corrupt\. flash:c2960x-universalk9-mz\.152-7\.E4\.bin was left in place/);
  const held = await flashMd5(device, 'flash:', sampleImages.c2960x.name);
  assert.ok(held && held !== image.md5, 'the corrupt file is still there, not silently deleted');
});

test('set-boot after a verified push: boot system names the new image then the running one, and the startup config is saved', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['isr4331']);
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), { ...sampleImages.isr4331, name: 'isr4300-universalk9.17.03.08a.SPA.bin' }, 400 * kib, 8);
  const { session, snapshot } = await lab.open(device);
  const running = snapshot.runningImage!;
  assert.equal(device.state.startupSaved, true);
  const asked: string[][] = [];
  const result = await pushImage(session, snapshot, {
    protocol: 'ftp',
    local: await readLocalImage(image.path),
    server: lab.server('ftp'),
    afterwards: {
      setBoot: true,
      confirmSetBoot: async (plan) => {
        asked.push(plan.commands);
        // Asked only once the copy is on the device and verified.
        assert.equal(await flashMd5(device, 'bootflash:', 'isr4300-universalk9.17.03.08a.SPA.bin'), image.md5);
        return true;
      },
    },
  });
  assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
  const target = 'bootflash:isr4300-universalk9.17.03.08a.SPA.bin';
  const commands = ['configure terminal', 'no boot system', `boot system ${target}`, `boot system ${running}`, 'end', 'write memory'];
  assert.deepEqual(asked, [commands], 'the separate confirmation saw the exact commands');
  assert.deepEqual(result.outcome.status === 'succeeded' && result.outcome.afterwards, { setBoot: 'done', target, commands });
  const check = result.checks.find((c) => c.id === 'set-boot');
  assert.equal(check?.status, 'info');
  for (const c of commands) assert.ok(check.facts.includes(`will send: ${c}`), `the pre-flight report shows '${c}'`);
  assert.deepEqual(device.state.running.bootSystem, [target, running], 'running config: new image first, the running one as fallback');
  assert.equal(device.state.startupSaved, true, 'write memory saved the configuration');
  assert.deepEqual(device.state.bootVariable, [target, running], 'the router wrote the BOOT variable on save');
  const sent = result.log.lines.filter((l) => l.kind === 'sent').map((l) => l.text);
  assert.deepEqual(sent.slice(sent.indexOf('configure terminal')), commands, 'the job log holds every boot command, after verify');
  assert.ok(sent.indexOf(`verify /md5 ${target}`) < sent.indexOf('configure terminal'));
  const bootLines = (await session.run('show running-config')).split('\n').filter((l) => l.startsWith('boot system '));
  assert.deepEqual(bootLines, [`boot system ${target}`, `boot system ${running}`], 'show running-config as IOS prints it');
});

test('set-boot is never done when verify fails, and a "no" leaves the boot variable alone', { timeout: 120_000 }, async (t) => {
  const bad = await startJobLab(t, ['c2960x'], { wrongChecksum: true });
  const dir = tempDir(t);
  const image = await writeSampleImage(dir, sampleImages.c2960x, 200 * kib, 4);
  const first = await bad.open(bad.devices[0]);
  const before = [...bad.devices[0].state.running.bootSystem];
  let asked = 0;
  const failed = await pushImage(first.session, first.snapshot, {
    protocol: 'tftp',
    local: await readLocalImage(image.path),
    server: bad.server('tftp'),
    afterwards: { setBoot: true, confirmSetBoot: async () => (asked++, true) },
  });
  assert.equal(failed.outcome.status, 'failed');
  assert.match(failed.outcome.message, /the copy is corrupt/);
  assert.equal(asked, 0, 'not even asked');
  assert.ok(!failed.log.lines.some((l) => l.kind === 'sent' && /boot system|write memory/.test(l.text)), 'no boot command was sent');
  assert.deepEqual(bad.devices[0].state.running.bootSystem, before);

  const good = await startJobLab(t, ['c2960x']);
  const second = await good.open(good.devices[0]);
  const unchanged = [...good.devices[0].state.running.bootSystem];
  const declined = await pushImage(second.session, second.snapshot, {
    protocol: 'tftp',
    local: await readLocalImage(image.path),
    server: good.server('tftp'),
    afterwards: { setBoot: true, confirmSetBoot: async () => false },
  });
  assert.equal(declined.outcome.status, 'succeeded', declined.outcome.message);
  assert.equal(declined.outcome.status === 'succeeded' && declined.outcome.afterwards?.setBoot, 'declined');
  assert.match(declined.outcome.message, /boot image was left as it was/);
  assert.deepEqual(good.devices[0].state.running.bootSystem, unchanged);
  assert.equal(good.devices[0].state.startupSaved, true, 'nothing changed, nothing to save');
  assert.equal(await flashMd5(good.devices[0], 'flash:', sampleImages.c2960x.name), image.md5);

  const noVerify = await pushImage(second.session, second.snapshot, { protocol: 'tftp', local: await readLocalImage(image.path), server: good.server('tftp'), verify: false, afterwards: { setBoot: true } });
  assert.equal(noVerify.outcome.status, 'blocked', 'set-boot without verify is refused up front');
  assert.ok(noVerify.checks.some((c) => c.id === 'set-boot' && c.status === 'blocking'));
});

test('TFTP timeouts on the device fail the job with the cause IOS printed', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2960x'], { tftpTimeout: true });
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.c2960x, 100 * kib, 4);
  const { session, snapshot } = await lab.open(device);
  const result = await pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(image.path), server: lab.server('tftp') });
  assert.equal(result.outcome.status, 'failed');
  assert.equal(result.outcome.status === 'failed' && result.outcome.cause, 'Timed out');
  assert.equal(await flashMd5(device, 'flash:', sampleImages.c2960x.name), undefined);
});

test('TFTP through loss, duplication and reordering: the push completes, verify /md5 passes, flash holds the exact bytes', { timeout: 120_000 }, async (t) => {
  const faults = { drop: 0.04, duplicate: 0.03, reorder: 0.03, delay: 0.03, maxDelayMs: 30 };
  const lab = await startJobLab(t, ['c2960x'], undefined, { tftpFaults: { toServer: faults, toClient: faults, seed: 5 } });
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.c2960x, 256 * kib + 100, 6);
  const { session, snapshot } = await lab.open(device);
  const pushed = await pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(image.path), server: lab.server('tftp') });
  assert.equal(pushed.outcome.status, 'succeeded', pushed.outcome.message);
  assert.equal(pushed.outcome.status === 'succeeded' && pushed.outcome.verified, true, 'verify /md5 passed');
  assert.equal(await flashMd5(device, 'flash:', sampleImages.c2960x.name), image.md5, 'the device holds the exact bytes');
  const stats = lab.tftpProxy!.stats;
  assert.ok(stats.dropped > 10 && stats.duplicated > 0 && stats.reordered > 0, `the path really misbehaved: ${JSON.stringify(stats)}`);
  assert.equal(lab.engine.access.offers.forPeer('tftp', '127.0.0.1').length, 0, 'the one-use offer is gone');
});

test('the SSH session dropping mid-copy fails the job, naming the command, and the offer is withdrawn', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2960x'], { dropSessionAfterBytes: 200 * kib, bytesPerSecond: 2 * mib });
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.c2960x, 1 * mib, 4);
  const { session, snapshot } = await lab.open(device);
  const result = await pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(image.path), server: lab.server('tftp') });
  assert.equal(result.outcome.status, 'failed');
  assert.match(result.outcome.message, /copy tftp:\/\/127\.0\.0\.1\//);
  assert.equal(lab.engine.access.offers.forPeer('tftp', '127.0.0.1').length, 0);
  assert.notEqual(await flashMd5(device, 'flash:', sampleImages.c2960x.name), image.md5, 'no complete image claimed');
});

test('cancel mid-transfer stops the engine and the device copy', { timeout: 120_000 }, async (t) => {
  const lab = await startJobLab(t, ['c2960x'], { bytesPerSecond: 256 * kib });
  const [device] = lab.devices;
  const image = await writeSampleImage(tempDir(t), sampleImages.c2960x, 4 * mib, 4);
  const { session, snapshot } = await lab.open(device);
  const abort = new AbortController();
  const result = await pushImage(session, snapshot, {
    protocol: 'ftp',
    local: await readLocalImage(image.path),
    server: lab.server('ftp'),
    signal: abort.signal,
    onEvent: (e) => {
      if (e.type === 'progress' && e.bytes > 300 * kib) abort.abort();
    },
  });
  assert.equal(result.outcome.status, 'cancelled', result.outcome.message);
  assert.equal(lab.engine.context.active.size, 0, 'the engine stopped serving');
  // The engine's own count when it stopped is in the log, before the outcome (the card shows both).
  const text = result.log.text();
  const stopped = /transfer failed after (\d+) bytes: .*the job was cancelled/.exec(text);
  assert.ok(stopped && Number(stopped[1]) > 300 * kib, text.slice(-1500));
  assert.ok(text.indexOf(stopped[0]) < text.indexOf('outcome: cancelled'), 'the engine line comes before the outcome');
  assert.notEqual(await flashMd5(device, 'flash:', sampleImages.c2960x.name), image.md5);
});

test('a group of 8 devices gets the same image, 4 at a time', { timeout: 300_000 }, async (t) => {
  const lab = await startJobLab(t, Array.from({ length: 8 }, () => 'c2960x'));
  const image = await writeSampleImage(tempDir(t), sampleImages.c2960x, 512 * kib, 9);
  const local = await readLocalImage(image.path);
  const summary = await runGroup(
    lab.devices.map((d, i) => ({ name: `sw${i + 1}`, target: d })),
    async (item, signal) => {
      const { session, snapshot } = await lab.open(item.target);
      return (await pushImage(session, snapshot, { protocol: 'tftp', local, server: lab.server('tftp'), signal })).outcome;
    },
    { concurrency: 4 },
  );
  assert.equal(summary.counts.succeeded, 8, summary.text);
  for (const d of lab.devices) assert.equal(await flashMd5(d, 'flash:', sampleImages.c2960x.name), image.md5);
});
