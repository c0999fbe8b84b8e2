// Ctrl-C at a copy question aborts the command, as on IOS — it must never be taken as "no, but go on"
// or as the default answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmRule, connectDevice, DialogueRefusedError, MemoryKnownHostsStore, Refuse } from '../../../src/device';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TransferEngine } from '../../../src/engine';
import { startLabDevice } from '../../../src/lab';
import { c3640ClassB } from '../../helpers/class-b-profile';
import { tempDir } from '../../helpers/temp-dir';

test('refusing "Erase flash: before copying?" with Ctrl-C leaves flash as it was', { timeout: 60_000 }, async (t) => {
  // A real server offers the image, so a lab that took Ctrl-C as "no, copy anyway" would store it.
  const engine = new TransferEngine();
  t.after(() => engine.close());
  const tftp = await engine.startTftp({ port: 0 });
  const image = path.join(tempDir(t), 'c3640-is-mz.122-40.bin');
  writeFileSync(image, Buffer.alloc(100_000, 7));
  engine.offerDownload({ localPath: image, name: 'c3640-is-mz.122-40.bin', peer: '127.0.0.1' });
  const device = await startLabDevice({ profile: c3640ClassB(), tftpPort: tftp.port });
  t.after(() => device.close());
  const store = new MemoryKnownHostsStore();
  const [type, base64] = device.hostKeyPublic.trim().split(/\s+/);
  await store.add(device.host, device.port, { type, blob: Buffer.from(base64, 'base64') });
  const user = device.privilegedUser!;
  const session = await connectDevice({ host: device.host, port: device.port, username: user.username, password: user.password, knownHosts: store });
  t.after(() => session.close());
  const before = device.fileSystem('flash:')!.list().map((f) => f.name);
  await assert.rejects(
    session.run('copy tftp://127.0.0.1/c3640-is-mz.122-40.bin flash:c3640-is-mz.122-40.bin', {
      rules: [
        { name: 'destination-filename', prompt: /Destination filename \[[^\]]*\]\? ?$/, answer: () => '\r', continue: true },
        confirmRule('erase-flash', /Erase flash: before copying\? ?\[confirm\] ?$/, () => new Refuse('not confirmed')),
      ],
      timeoutMs: 20_000,
    }),
    DialogueRefusedError,
  );
  assert.deepEqual(device.fileSystem('flash:')!.list().map((f) => f.name), before);
  assert.match(await session.run('show version'), /3640/, 'the session is still usable');
  assert.deepEqual(device.fileSystem('flash:')!.list().map((f) => f.name), before, 'and nothing arrived later');
});
