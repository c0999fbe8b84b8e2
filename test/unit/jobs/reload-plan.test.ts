// The checks before "Reload into New Image", as a pure function of the snapshot and the device's MD5:
// what boots first, whether the file is there and hashes right, the fallback entry, install mode,
// and the timing defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planReload, reloadIntoImageTiming } from '../../../src/jobs/preflight/reload';
import { c2960x, mib } from './preflight-fixture';

const E3 = 'c2960x-universalk9-mz.152-7.E3.bin';
const E8 = 'c2960x-universalk9-mz.152-7.E8.bin';
const md5 = '0123456789abcdef0123456789abcdef';

function upgraded() {
  const d = c2960x({ bootVariable: [`flash:/${E8}`, `flash:/${E3}`] });
  d.fileSystems[0].files!.push({ name: E8, sizeBytes: 27 * mib });
  return d;
}

const status = (p: ReturnType<typeof planReload>, id: string) => p.checks.find((c) => c.id === id)?.status;

test('the new image first, there, hashing as expected, the running one behind it: nothing blocks; from → to and the fallback are in the plan', () => {
  const p = planReload(upgraded(), { expectedMd5: md5.toUpperCase() }, { md5 });
  assert.deepEqual(p.blocked, []);
  assert.deepEqual([p.from, p.to, p.fallback], [`flash:${E3}`, `flash:${E8}`, `flash:${E3}`]);
  assert.deepEqual(['boot-variable', 'image-present', 'image-verified', 'fallback'].map((id) => status(p, id)), ['ok', 'ok', 'ok', 'ok']);
  assert.match(p.checks.find((c) => c.id === 'fallback')!.summary, /falls through to flash:\S+E3\.bin \(running now\)/);
  assert.match(p.outage, /Catalyst switch/);
  assert.equal(p.saveConfig, false);
});

test('blocks: another first entry, the image missing, a wrong MD5, the image already running, install mode, an unreadable boot variable', () => {
  const notFirst = planReload(upgraded(), { image: 'flash:other.bin' }, undefined);
  assert.match(notFirst.blocked.map((b) => b.summary).join(' '), /SW1 boots flash:\S+E8\.bin first, not flash:other\.bin/);

  const missing = c2960x({ bootVariable: [`flash:${E8}`, `flash:${E3}`] });
  assert.equal(status(planReload(missing, {}, undefined), 'image-present'), 'blocking');

  const wrong = planReload(upgraded(), { expectedMd5: 'f'.repeat(32) }, { md5 });
  assert.equal(status(wrong, 'image-verified'), 'blocking');
  assert.equal(wrong.checks.find((c) => c.id === 'image-verified')?.confirmation, undefined, 'no confirmation lifts a wrong image');

  const same = planReload(c2960x(), {}, { md5 });
  assert.equal(status(same, 'already-running'), 'blocking');

  const install = planReload(c2960x({ runningImage: 'flash:packages.conf', bootVariable: ['flash:packages.conf'] }), {}, undefined);
  assert.equal(status(install, 'install-mode'), 'blocking');

  const unknown = planReload(c2960x({ bootVariable: undefined, unknown: [{ fact: 'boot variable', command: 'show boot', reason: 'timed out' }] }), {}, undefined);
  assert.match(unknown.blocked[0].summary, /show boot` could not be read \(timed out\)/);
});

test('warnings, not blocks: no verify /md5 on this IOS, nothing to compare with, no fallback entry', () => {
  const noVerify = planReload(upgraded(), {}, {});
  assert.equal(status(noVerify, 'image-verified'), 'warning');
  assert.equal(status(planReload(upgraded(), {}, { md5 }), 'image-verified'), 'warning');
  const alone = upgraded();
  alone.bootVariable = [`flash:/${E8}`];
  const p = planReload(alone, { saveConfig: true }, { md5 });
  assert.equal(status(p, 'fallback'), 'warning');
  assert.deepEqual(p.blocked, []);
  assert.match(p.checks.find((c) => c.id === 'unsaved-config')!.summary, /answers yes to its "Save\?" question/);
});

test('timing: 15 minutes by default; a shorter deadline tries more often', () => {
  assert.deepEqual(reloadIntoImageTiming(), { timeoutMs: 900_000, retryMs: 10_000, firstTryMs: 15_000, downMs: 120_000 });
  assert.deepEqual(reloadIntoImageTiming({ timeoutMs: 30_000 }), { timeoutMs: 30_000, retryMs: 1_500, firstTryMs: 3_000, downMs: 120_000 });
});

test('the configuration register on a router: boot field 0 or 1 blocks (ROMMON, the boot ROM image), 0x40 warns (saved configuration ignored); switches are not judged by it', () => {
  const router = () => {
    const d = upgraded();
    d.platform = 'CISCO2911/K9';
    return d;
  };
  const reg = (p: ReturnType<typeof planReload>) => p.checks.find((c) => c.id === 'config-register');
  assert.equal(reg(planReload(router(), {}, { md5 }, '0x2102'))?.status, 'ok');
  assert.match(reg(planReload(router(), {}, { md5 }, '0x2100'))!.summary, /would stop in ROMMON/);
  assert.match(reg(planReload(router(), {}, { md5 }, '0x2101'))!.summary, /ignore its boot system entries/);
  assert.equal(reg(planReload(router(), {}, { md5 }, '0x2142'))?.status, 'warning');
  assert.equal(reg(planReload(upgraded(), {}, { md5 }, '0xF')), undefined, 'a 2960-X boots from its BOOT variable');
});
