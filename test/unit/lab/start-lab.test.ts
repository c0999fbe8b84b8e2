// startLab: one device per built-in profile by default, consecutive ports from basePort, and one
// close() that frees every port and temp dir.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';
import { builtinProfiles, startLab } from '../../../src/lab/index';

async function freeRun(count: number): Promise<number> {
  // A base port whose next `count` ports are free right now.
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const ok = await Promise.all(
      Array.from({ length: count }, (_, i) => new Promise<boolean>((resolve) => {
        const s = net.createServer();
        s.once('error', () => resolve(false));
        s.listen(base + i, '127.0.0.1', () => s.close(() => resolve(true)));
      })),
    );
    if (ok.every(Boolean)) return base;
  }
  throw new Error('no run of free ports found');
}

test('startLab starts every built-in profile on consecutive ports and closes them all', { timeout: 30_000 }, async () => {
  const base = await freeRun(builtinProfiles.length);
  const lab = await startLab({ basePort: base, tftpPort: 10069, ftpPort: 10021, rcpPort: 10514 });
  try {
    assert.deepEqual(lab.devices.map((d) => d.profile.name), builtinProfiles.map((p) => p.name));
    assert.deepEqual(lab.devices.map((d) => d.port), builtinProfiles.map((_, i) => base + i));
    for (const d of lab.devices) {
      assert.ok(existsSync(d.storageDir));
      assert.equal(d.url, `ssh://${d.username}:${d.password}@127.0.0.1:${d.port}`);
      assert.deepEqual(d.state.ports, { tftp: 10069, ftp: 10021, rcp: 10514 });
    }
  } finally {
    await lab.close();
  }
  for (const d of lab.devices) {
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const s = net.connect(d.port, '127.0.0.1', () => {
          s.destroy();
          resolve();
        });
        s.once('error', reject);
      }),
      /ECONNREFUSED/,
    );
  }
  for (const d of lab.devices) assert.equal(existsSync(d.storageDir), false, `${d.storageDir} removed`);
});
