// The UI's engine host under the vscode fake: a server starts on demand with the settings, a bind
// error reaches the user with the engine's remedy, and a settings change restarts what was running.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { test } from 'node:test';
import { registered, settings } from '../../fakes/vscode';
import { BindError } from '../../../src/engine';
import { Config } from '../../../src/ui/config';
import { EngineHost, parsePassivePorts } from '../../../src/ui/engine-host';
import { reachEngine } from '../../../src/jobs';
import { Log } from '../../../src/ui/log';

test('parsePassivePorts', () => {
  assert.deepEqual(parsePassivePorts('50000-50100'), [50000, 50100]);
  assert.equal(parsePassivePorts(''), undefined);
  assert.equal(parsePassivePorts('50100-50000'), undefined);
});

test('servers start on demand, report where they listen, restart on new settings, and bind errors carry the remedy', { timeout: 30_000 }, async (t) => {
  settings.clear();
  settings.set('iosImageManager.engine.bindAddress', '127.0.0.1');
  settings.set('iosImageManager.engine.tftpPort', 0);
  const reported: string[][] = [];
  const log = new Log();
  const host = new EngineHost(new Config(), log, (s) => reported.push(s));
  t.after(async () => {
    await host.stop();
    log.dispose();
    settings.clear();
  });

  const server = await reachEngine(host.jobServer(), undefined, '127.0.0.1', ['tftp']);
  const first = server.protocols.tftp!.bound!;
  assert.equal(first.address, '127.0.0.1');
  assert.ok(first.port > 0);
  assert.equal(server.facingAddress, '127.0.0.1');
  assert.equal(server.peerAddress, '127.0.0.1');
  assert.equal((await host.jobServer().server('tftp', '127.0.0.1')).port, first.port, 'one server per protocol');
  for (let i = 0; i < 50 && !reported.some((r) => r.includes(`TFTP 127.0.0.1:${first.port}`)); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(reported.some((r) => r.includes(`TFTP 127.0.0.1:${first.port}`)), JSON.stringify(reported));

  // Another process holds the port the user chose: the start fails with the engine's explanation.
  const holder = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', () => resolve()));
  t.after(() => holder.close());
  settings.set('iosImageManager.engine.tftpPort', holder.address().port);
  registered.messages.length = 0;
  await host.restart();
  // auto weighs every protocol: a server that cannot bind is expected, reported in the job's pre-flight, not popped up.
  settings.set('iosImageManager.engine.httpPort', 0);
  const shown = registered.messages.length;
  const weighed = await reachEngine(host.jobServer(), undefined, '127.0.0.1', ['tftp', 'http']);
  assert.match(weighed.protocols.tftp?.bindError ?? '', /EADDRINUSE/);
  assert.ok(weighed.protocols.http?.bound, 'the others still start');
  assert.equal(registered.messages.length, shown, 'no popup for a candidate of auto');
  await assert.rejects(host.jobServer().server('tftp', '127.0.0.1'), (err: unknown) => err instanceof BindError && err.errno === 'EADDRINUSE');
  const reach = await reachEngine(host.jobServer(), undefined, '127.0.0.1', ['tftp']);
  assert.match(reach.protocols.tftp?.bindError ?? '', /EADDRINUSE/, 'a job records the bind error for its pre-flight report');
  assert.ok(registered.messages.some((m) => /already in use \(EADDRINUSE\).*stop it or choose another port/.test(m)), registered.messages.join('\n'));
  assert.ok(registered.logLines.some((l) => l.startsWith('error: ') && l.includes('EADDRINUSE')));

  settings.set('iosImageManager.engine.tftpPort', 0);
  const again = await host.jobServer().server('tftp', '127.0.0.1');
  assert.notEqual(again.port, holder.address().port);
  await host.stop();
  for (let i = 0; i < 50 && reported.at(-1)?.length !== 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(reported.at(-1), [], 'stopping reports no servers (the status bar hides)');
});
