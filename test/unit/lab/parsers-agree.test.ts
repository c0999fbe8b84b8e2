// What the lab prints must parse with the device layer's parsers (written from real captures) into
// exactly the lab's own state: the lab and the parsers keep each other honest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDir, parseRunningConfigSettings, parseShowBoot, parseShowFileSystems, parseShowVersion, parseVerifyMd5 } from '../../../src/device/parsers';
import { builtinProfiles, startLabDevice } from '../../../src/lab/index';
import { openShell } from './lab-shell-client';

for (const p of builtinProfiles) {
  test(`${p.name}: show version, show file systems, dir, show flash:, show boot, verify and the running config parse to the lab's state`, { timeout: 60_000 }, async (t) => {
    const dev = await startLabDevice({ profile: p });
    t.after(() => dev.close());
    const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.username, password: dev.password });
    await sh.send('enable\r', /Password: $/);
    await sh.send(`${dev.enableSecret}\r`);
    await sh.run('terminal length 0');

    const version = parseShowVersion(await sh.run('show version'));
    assert.equal(version.hostname, p.hostname);
    assert.equal(version.imageFile, p.runningImage);
    assert.equal(version.osFamily, p.osFamily);

    const fsys = parseShowFileSystems(await sh.run('show file systems')).fileSystems;
    for (const fs of dev.state.fileSystems) {
      const row = fsys.find((r) => r.name === fs.name);
      assert.ok(row, `${fs.name} listed`);
      assert.deepEqual(row.prefixes, fs.prefixes);
      assert.equal(row.totalBytes, fs.sizeBytes);
      assert.equal(row.freeBytes, fs.freeBytes());
      assert.equal(row.isDefault, fs.isDefault);
    }

    for (const fs of dev.state.fileSystems) {
      const listing = parseDir(await sh.run(`dir ${fs.name}`));
      assert.equal(listing.totalBytes, fs.sizeBytes, `dir ${fs.name} total`);
      assert.equal(listing.freeBytes, fs.freeBytes(), `dir ${fs.name} free`);
      const files = fs.list().filter((f) => !f.isDirectory && !f.name.includes('/'));
      assert.deepEqual(
        listing.files.filter((f) => !f.isDirectory).map((f) => [f.name, f.sizeBytes]),
        files.map((f) => [f.name, f.sizeBytes]),
      );
      const flash = parseDir(await sh.run(`show ${fs.name}`), fs.name);
      assert.equal(flash.freeBytes, fs.freeBytes(), `show ${fs.name} free`);
      // IOS-XE's `show flash:` prints an empty directory like a file (no trailing slash, as the ISR 4300
      // capture does), so only the lab knows which names are directories.
      const dirs = new Set(fs.list().filter((f) => f.isDirectory).map((f) => f.name));
      assert.deepEqual(
        flash.files.filter((f) => !f.isDirectory && !dirs.has(f.name)).map((f) => [f.name.replace(/^\/[^/]+\//, ''), f.sizeBytes]),
        files.map((f) => [f.name, f.sizeBytes]),
      );
    }

    const boot = parseShowBoot(await sh.run(p.bootStyle === 'router' ? 'show bootvar' : 'show boot'));
    assert.deepEqual(boot.bootVariable, p.bootSystem);
    // Cat9k's `show bootvar` is the ROMMON variables (`Configuration Register is`, `… does not exist`).
    const bootvar = parseShowBoot(await sh.run('show bootvar'));
    assert.deepEqual(bootvar.bootVariable, p.bootSystem);
    if (p.bootStyle !== 'catalyst') assert.equal(bootvar.configRegister, p.configRegister);

    const cfg = parseRunningConfigSettings(await sh.run('show running-config'));
    assert.equal(cfg.hostname, p.hostname);

    if (p.hasVerifyMd5) {
      const file = dev.state.defaultFs.list().find((f) => !f.isDirectory && f.sizeBytes < 5_000_000)!;
      const v = parseVerifyMd5(await sh.run(`verify /md5 ${dev.state.defaultFs.name}${file.name}`));
      assert.equal(v.md5, await dev.state.defaultFs.md5(file.name));
    }
  });
}
