// Long commands against the lab with a real TFTP server (Debian's in.tftpd): a copy streams its
// progress through onOutput, a slow copy outlives a short timeout and the session recovers, a copy
// outlives a short silence limit while its marks come, and the
// lab's drop-session fault mid-copy is a ConnectionLostError naming the copy.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { CommandTimeoutError, ConnectionLostError, type DialogueRule, enter } from '../../../../src/device';
import { needTool } from '../../../helpers/tools';
import { startTftpd, writeTestFile } from '../../lab/clients/real-servers';
import { labDevice, labSession } from './lab-fixture';

const destination: DialogueRule[] = [{ name: 'destination-filename', prompt: /Destination filename \[[^\]\n]*\]\?/, answer: () => enter, continue: true }];

test('long copies: streaming, timeout and recovery, dropped session', { timeout: 90_000 }, async (t) => {
  const tftpd = needTool(t, 'in.tftpd', 'tftpd-hpa');
  if (!tftpd) return;
  const server = await startTftpd(t, tftpd);
  writeTestFile(path.join(server.dir, 'img.bin'), 400_000, 7);

  await t.test('a copy streams its progress marks before it ends', async (t) => {
    const dev = await labDevice(t, { profile: 'c2911', tftpPort: server.port, faults: { bytesPerSecond: 400_000 } });
    const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
    const chunks: string[] = [];
    const out = await s.run('copy tftp://127.0.0.1/img.bin flash:', { rules: destination, timeoutMs: 30_000, onOutput: (text) => chunks.push(text) });
    assert.match(out, /\[OK - 400000 bytes\]/);
    const firstMark = chunks.findIndex((c) => c.includes('!'));
    const okChunk = chunks.findIndex((c) => c.includes('[OK'));
    assert.ok(firstMark >= 0 && firstMark < okChunk, `progress arrived before the end (${chunks.length} chunks)`);
    assert.equal(dev.fileSystem('flash:')?.get('img.bin')?.sizeBytes, 400_000);
  });

  await t.test('a slow copy past its timeout: CommandTimeoutError, then the session is usable again', async (t) => {
    const dev = await labDevice(t, { profile: 'c2911', tftpPort: server.port, faults: { bytesPerSecond: 200_000 } });
    const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
    await assert.rejects(s.run('copy tftp://127.0.0.1/img.bin flash:', { rules: destination, timeoutMs: 800 }), (e: unknown) => {
      assert.ok(e instanceof CommandTimeoutError);
      assert.equal(e.command, 'copy tftp://127.0.0.1/img.bin flash:');
      assert.match(e.output ?? '', /!/);
      return true;
    });
    assert.match(await s.run('dir flash:', { timeoutMs: 20_000 }), /img\.bin/);
  });

  await t.test('a copy longer than its silence limit completes while its marks keep coming', async (t) => {
    const dev = await labDevice(t, { profile: 'c2911', tftpPort: server.port, faults: { bytesPerSecond: 200_000 } });
    const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
    const started = Date.now();
    const out = await s.run('copy tftp://127.0.0.1/img.bin flash:', { rules: destination, timeoutMs: 30_000, silenceTimeoutMs: 700 });
    assert.match(out, /\[OK - 400000 bytes\]/);
    // The copy outlasted the silence limit several times over: only the marks kept it alive.
    assert.ok(Date.now() - started > 1_400, `the copy took ${Date.now() - started} ms`);
  });

  await t.test('the drop-session fault mid-copy: ConnectionLostError naming the copy, with its output', async (t) => {
    const dev = await labDevice(t, { profile: 'c2911', tftpPort: server.port, faults: { dropSessionAfterBytes: 100_000, bytesPerSecond: 400_000 } });
    const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
    const streamed: string[] = [];
    await assert.rejects(s.run('copy tftp://127.0.0.1/img.bin flash:', { rules: destination, timeoutMs: 30_000, onOutput: (x) => streamed.push(x) }), (e: unknown) => {
      assert.ok(e instanceof ConnectionLostError);
      assert.equal(e.code, 'E_CONNECTION_LOST');
      assert.equal(e.command, 'copy tftp://127.0.0.1/img.bin flash:');
      assert.match(e.message, /dropped while 'copy tftp:\/\/127\.0\.0\.1\/img\.bin flash:' was running/);
      assert.match(e.output ?? '', /Loading img\.bin from 127\.0\.0\.1/);
      return true;
    });
    assert.ok(streamed.join('').includes('Loading'));
    assert.ok(s.isClosed);
  });
});
