// Class B flash (a 3640 on 12.1) as real IOS has it: the source is opened (`Accessing …`) before
// "Erase flash: before copying?", so a missing file or an unreachable server fails with nothing
// erased — over TFTP, FTP and RCP, against the project's engine serving one-use offers (the open
// gives its use back, so the real load that follows is still served).
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { generateIdentity, TransferEngine } from '../../../src/engine';
import { startLabDevice, type LabDevice } from '../../../src/lab/index';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { c3640ClassB, c3640Image } from '../../helpers/class-b-profile';
import { tempDir } from '../../helpers/temp-dir';
import { openShell } from './lab-shell-client';

type Protocol = 'tftp' | 'ftp' | 'rcp';

async function setup(t: TestContext) {
  const engine = new TransferEngine();
  t.after(() => engine.close());
  const [tftp, ftp, rcp] = [await engine.startTftp({ port: 0 }), await engine.startFtp({ port: 0 }), await engine.startRcp({ port: 0 })];
  const dev = await startLabDevice({ profile: c3640ClassB(), tftpPort: tftp.port, ftpPort: ftp.port, rcpPort: rcp.port });
  t.after(() => dev.close());
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.privilegedUser!.username, password: dev.privilegedUser!.password });
  await sh.run('terminal length 0');
  return { engine, dev, sh };
}

/**
 * The URL a device would be given for an offer of `file` over `protocol`. TFTP and RCP tell the
 * server that an open was abandoned (ERROR packet; no final ack), so one use is enough; an FTP RETR
 * read and dropped can look complete to the server, so FTP gets the two uses the jobs layer gives.
 */
function offer(engine: TransferEngine, protocol: Protocol, localPath: string, name: string): { url: string; offerId: string } {
  const identity = protocol === 'ftp' ? generateIdentity() : protocol === 'rcp' ? { username: 'R3640' } : undefined;
  const o = engine.offerDownload({ localPath, name, peer: '127.0.0.1', protocols: [protocol], maxUses: protocol === 'ftp' ? 2 : 1, ...(identity ? { identity } : {}) });
  const auth = protocol === 'ftp' ? `${identity!.username}:${(identity as { password: string }).password}@` : protocol === 'rcp' ? 'R3640@' : '';
  return { url: `${protocol}://${auth}127.0.0.1/${name}`, offerId: o.id };
}

const names = (dev: LabDevice) => dev.state.defaultFs.list().map((f) => f.name);

for (const protocol of ['tftp', 'ftp', 'rcp'] as const) {
  test(`Class B over ${protocol.toUpperCase()}: Accessing, then the erase questions, then the load (the open gives its use back where the protocol can say so)`, { timeout: 60_000 }, async (t) => {
    const { engine, dev, sh } = await setup(t);
    const image = await writeSampleImage(tempDir(t), { ...sampleImages['c2500-run-from-flash'], name: 'c3640-is-mz.122-40.bin' }, 300_000, 3);
    const { url } = offer(engine, protocol, image.path, 'c3640-is-mz.122-40.bin');
    assert.equal(await sh.send(`copy ${url} flash:\r`, /\? $/), `copy ${url} flash:\r\nDestination filename [c3640-is-mz.122-40.bin]? `);
    // `Accessing` names the rcp user, never the FTP login.
    const accessed = protocol === 'rcp' ? url : url.replace(/\/\/[^@/]+@/, '//');
    assert.equal(await sh.send('\r', /\[confirm\]$/, 20_000), `\r\nAccessing ${accessed}...\r\nErase flash: before copying? [confirm]`);
    assert.deepEqual(names(dev), [c3640Image], 'opened, nothing erased yet');
    assert.equal(await sh.send('\r', /\[confirm\]$/), '\r\nErasing the flash filesystem will remove all files! Continue? [confirm]');
    const out = await sh.send('\r', /R3640#$/, 30_000);
    assert.match(out, /^\r\nErasing device\.\.\. e+ \.\.\.erased\r\nErase of flash: complete\r\nLoading c3640-is-mz\.122-40\.bin /);
    assert.match(out, /\r\nVerifying checksum\.\.\. {2}OK \(0x[0-9A-F]{4}\)\r\n/);
    assert.deepEqual(names(dev), ['c3640-is-mz.122-40.bin'], 'the old image erased, the new one there');
    assert.equal(await dev.state.defaultFs.md5('c3640-is-mz.122-40.bin'), image.md5);
  });

  test(`Class B over ${protocol.toUpperCase()}: a missing file fails at Accessing, before anything is erased`, { timeout: 60_000 }, async (t) => {
    const { dev, sh } = await setup(t);
    const url = protocol === 'rcp' ? 'rcp://R3640@127.0.0.1/missing.bin' : protocol === 'ftp' ? 'ftp://u:p@127.0.0.1/missing.bin' : 'tftp://127.0.0.1/missing.bin';
    await sh.send(`copy ${url} flash:\r`, /\? $/);
    const out = await sh.send('\r', /R3640#$/, 30_000);
    const accessed = protocol === 'rcp' ? url : url.replace(/\/\/[^@/]+@/, '//');
    assert.match(out, new RegExp(`^\\r\\nAccessing ${accessed.replace(/[./]/g, '\\$&')}\\.\\.\\.\\r\\n%Error opening \\S+missing\\.bin \\(([^)]+)\\)\\r\\nR3640#$`));
    assert.doesNotMatch(out, /Erase/, 'never asked to erase');
    assert.deepEqual(names(dev), [c3640Image], 'flash untouched');
  });
}

test('Class B: an unreachable server times out at Accessing, before anything is erased', { timeout: 60_000 }, async (t) => {
  const { dev, sh } = await setup(t);
  await sh.send('copy tftp://192.0.2.7/c3640-is-mz.122-40.bin flash:\r', /\? $/);
  const out = await sh.send('\r', /R3640#$/, 30_000);
  assert.equal(out, '\r\nAccessing tftp://192.0.2.7/c3640-is-mz.122-40.bin...\r\n%Error opening tftp://192.0.2.7/c3640-is-mz.122-40.bin (Timed out)\r\nR3640#');
  assert.deepEqual(names(dev), [c3640Image]);
});
