// A transfer thread that dies mid-download (issue 15 §4): its transfer fails with the reason and is
// closed, the death is logged, and later transfers are told to run on the main thread. A real
// worker serves a real download to a UDP socket of this test that reads the first block and never
// acknowledges it; the worker is then terminated from outside, as a crash would end it.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { defaultSessionConfig } from '../../../../src/engine/tftp/session';
import { TransferThreads } from '../../../../src/engine/tftp/transfer-threads';
import { tempDir } from '../../../helpers/temp-dir';

test('a transfer thread that dies fails its transfer with the reason, logs it, and sends later transfers to the main thread', { timeout: 60_000 }, async (t) => {
  const file = path.join(tempDir(t), 'image.bin');
  writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a));
  const client = dgram.createSocket('udp4');
  t.after(() => client.close());
  await new Promise<void>((r) => client.bind(0, '127.0.0.1', () => r()));
  const firstData = new Promise<Buffer>((resolve) => client.once('message', (m) => resolve(m)));

  const logged: string[] = [];
  const threads = TransferThreads.create(1, (l) => logged.push(l));
  assert.ok(threads, 'the worker code is found when run from source');
  t.after(() => threads.close());
  const events: string[] = [];
  let failedWith = '';
  const closed = new Promise<void>((resolve) => {
    threads.start(
      {
        bind: '127.0.0.1',
        family: 'udp4',
        peer: { address: '127.0.0.1', port: (client.address() as { port: number }).port },
        file: 'image.bin',
        path: file,
        mode: 'octet',
        config: { ...defaultSessionConfig, blockSize: 512, windowSize: 1 },
        oack: [],
        sendBufferBytes: 64 * 1024,
      },
      {
        progress: () => events.push('progress'),
        finished: () => events.push('finished'),
        failed: (_bytes, reason) => {
          events.push('failed');
          failedWith = reason;
        },
        notStarted: (m) => events.push(`not-started ${m}`),
        closed: () => {
          events.push('closed');
          resolve();
        },
      },
    );
  });

  const data = await firstData;
  assert.equal(data.readUInt16BE(0), 3, 'the worker sent DATA');
  assert.equal(data.readUInt16BE(2), 1, 'block 1');
  assert.equal(threads.usable, true);

  // The one worker, terminated from outside as a crash would end it (test-only look at the pool).
  const [slot] = (threads as unknown as { slots: { worker: Worker }[] }).slots;
  assert.ok(slot);
  await slot.worker.terminate();
  await closed;

  assert.deepEqual(events.filter((e) => e !== 'progress'), ['failed', 'closed'], 'failed once, then closed; never finished');
  assert.match(failedWith, /the TFTP transfer thread exited \(code \d+\)/);
  assert.equal(threads.usable, false, 'later transfers run on the main thread');
  assert.ok(logged.some((l) => /tftp: the TFTP transfer thread exited .*; new transfers run on the main thread/.test(l)), logged.join('\n'));
});

/** A lockstep client on a socket of its own: ACKs each DATA after `delayMs`; resolves with the bytes. */
async function lockstepClient(delayMs: number): Promise<{ port: number; done: Promise<number>; close: () => void }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  let bytes = 0;
  const done = new Promise<number>((resolve) => {
    socket.on('message', (m, from) => {
      if (m.readUInt16BE(0) !== 3) return;
      bytes += m.length - 4;
      const ack = Buffer.from([0, 4, m[2], m[3]]);
      setTimeout(() => socket.send(ack, from.port, from.address), delayMs);
      if (m.length - 4 < 512) resolve(bytes);
    });
  });
  return { port: (socket.address() as { port: number }).port, done, close: () => socket.close() };
}

test('two downloads on one transfer thread both report progress, batched, rising, and none after their result', { timeout: 60_000 }, async (t) => {
  const file = path.join(tempDir(t), 'image.bin');
  writeFileSync(file, Buffer.alloc(96 * 1024, 0x33));
  const threads = TransferThreads.create(1, () => undefined);
  assert.ok(threads);
  t.after(() => threads.close());
  const runs = await Promise.all(
    [0, 1].map(async () => {
      const client = await lockstepClient(2);
      t.after(() => client.close());
      const seen: string[] = [];
      const closed = new Promise<void>((resolve) => {
        threads.start(
          {
            bind: '127.0.0.1',
            family: 'udp4',
            peer: { address: '127.0.0.1', port: client.port },
            file: 'image.bin',
            path: file,
            mode: 'octet',
            config: { ...defaultSessionConfig, blockSize: 512, windowSize: 1 },
            oack: [],
            sendBufferBytes: 64 * 1024,
          },
          {
            progress: (bytes) => seen.push(`progress ${bytes}`),
            finished: (bytes) => seen.push(`finished ${bytes}`),
            failed: (_b, reason) => seen.push(`failed ${reason}`),
            notStarted: (m) => seen.push(`not-started ${m}`),
            closed: () => resolve(),
          },
        );
      });
      return { client, seen, closed };
    }),
  );
  for (const r of runs) {
    assert.equal(await r.client.done, 96 * 1024);
    await r.closed;
    const progress = r.seen.filter((s) => s.startsWith('progress')).map((s) => Number(s.split(' ')[1]));
    // 193 blocks ACKed 2 ms (or more) apart: several 100 ms batches while the transfer runs.
    assert.ok(progress.length >= 2, r.seen.join('\n'));
    assert.ok(progress.every((b, i) => b > 0 && b <= 96 * 1024 && (i === 0 || b >= progress[i - 1])), r.seen.join('\n'));
    assert.equal(r.seen.at(-1), `finished ${96 * 1024}`, 'the result is the last report');
  }
});
