// The address a device should reach the extension's engine on — the jobs layer's policy applied to
// the engine host's settings: the bind address in the settings when one is set, else the local end of
// the job's SSH session, else (a session through a jump host) the routing table's choice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settings } from '../../fakes/vscode';
import { Config } from '../../../src/ui/config';
import { EngineHost } from '../../../src/ui/engine-host';
import { reachEngine } from '../../../src/jobs';
import { Log } from '../../../src/ui/log';

test('the facing address comes from the SSH session when the engine listens on all addresses', { timeout: 30_000 }, async (t) => {
  settings.clear();
  settings.set('iosImageManager.engine.bindAddress', '0.0.0.0');
  settings.set('iosImageManager.engine.tftpPort', 0);
  const log = new Log();
  const host = new EngineHost(new Config(), log, () => undefined);
  t.after(async () => {
    await host.stop();
    log.dispose();
    settings.clear();
  });
  // 127.0.0.2 stands for the interface the SSH socket really left from (the routing table says 127.0.0.1).
  const viaSsh = await reachEngine(host.jobServer(), { localAddress: '127.0.0.2' }, '127.0.0.1', ['tftp']);
  assert.equal(viaSsh.facingAddress, '127.0.0.2');
  assert.equal(viaSsh.facingSource, 'ssh');
  assert.equal(viaSsh.protocols.tftp?.bound?.address, '0.0.0.0', 'the extension listens where its setting says');
  const viaRoute = await reachEngine(host.jobServer(), {}, '127.0.0.1', ['tftp']);
  assert.equal(viaRoute.facingAddress, '127.0.0.1');
  assert.equal(viaRoute.facingSource, 'routing');

  settings.set('iosImageManager.engine.bindAddress', '127.0.0.1');
  await host.restart();
  const pinned = await reachEngine(host.jobServer(), { localAddress: '127.0.0.2' }, '127.0.0.1', ['tftp']);
  assert.equal(pinned.facingAddress, '127.0.0.1', 'a bind address in the settings wins');
  assert.equal(pinned.facingSource, 'override');
});
