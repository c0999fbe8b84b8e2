// A device sitting in ROMMON is reported, never driven. The lab boots IOS only, so this uses a
// minimal ssh2 server that answers like a ROMMON console reached through a terminal server.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Server } from 'ssh2';
import { connectDevice, MemoryKnownHostsStore, RommonError } from '../../../../src/device';
import { readableKeyPair } from './ssh-keys';

for (const prompt of ['rommon 1 > ', 'switch: ']) {
  test(`a login that lands at "${prompt.trim()}" is a RommonError and nothing is typed`, { timeout: 20_000 }, async (t) => {
    const typed: string[] = [];
    const server = new Server({ hostKeys: [readableKeyPair().private] }, (client) => {
      client.on('authentication', (ctx) => ctx.accept());
      client.on('session', (accept) => {
        const session = accept();
        session.on('pty', (ok) => ok?.());
        session.on('shell', (ok) => {
          const channel = ok();
          channel.on('data', (d: Buffer) => typed.push(d.toString()));
          channel.write(`\r\nSystem Bootstrap, Version 15.0(1r)M15\r\n\r\n${prompt}`);
        });
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => void server.close());
    const port = (server.address() as AddressInfo).port;
    await assert.rejects(
      connectDevice({ host: '127.0.0.1', port, username: 'u', password: 'p', knownHosts: new MemoryKnownHostsStore(), onUnknownHostKey: () => true }),
      (e: unknown) => e instanceof RommonError && e.code === 'E_ROMMON' && e.prompt.trim() === prompt.trim() && /boot it into IOS/.test(e.message),
    );
    assert.deepEqual(typed, []);
  });
}
