// `push` from the CLI to the run-from-flash 2500 (the CLI's own engine, the lab on loopback): without
// --yes-erase it stops before touching the device and says what would happen; with it the session
// drops, push waits, reconnects with the host key on record and reports the new image running.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/program';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { cliIo, labWithCliEngine } from './cli-lab';
import { flashMd5, flashNames } from './job-lab';

test('push to the 2500: refused without --yes-erase (the report says the session drops and it reloads twice); with it, reconnects and finds the new image running', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await labWithCliEngine(t, 'c2500-run-from-flash', { reloadMs: 500 });
  const spec = sampleImages['c2500-run-from-flash'];
  const image = await writeSampleImage(dir, spec, 200 * 1024, 9);

  const refused = cliIo(false);
  assert.equal(await runCli(args(image.path), refused), 1, refused.out + refused.err);
  assert.match(refused.out, /SSH session DROPS when R2500 reloads into its boot ROM image/);
  assert.match(refused.out, /reloads into the new image \(second reload\)/);
  assert.match(refused.out, /left ERASED and R2500 stays in its boot ROM image with no SSH/);
  assert.match(refused.out, /BLOCKED/i);
  assert.deepEqual(flashNames(device, 'flash:'), ['c2500-js-l.122-29b.bin'], 'nothing touched');

  const io = cliIo(false);
  assert.equal(await runCli(args(image.path, '--yes-erase', '--reload-timeout', '30'), io), 0, io.out + io.err);
  assert.match(io.out, /reloading…/);
  assert.match(io.out, /through the Flash Load Helper: R2500 reloaded twice and runs the new image/);
  assert.deepEqual(flashNames(device, 'flash:'), [spec.name]);
  assert.equal(await flashMd5(device, 'flash:', spec.name), image.md5);
  assert.equal(device.state.runningImage, `flash:${spec.name}`);

  const bad = cliIo(false);
  assert.equal(await runCli(args(image.path, '--reload-timeout', '2'), bad), 2);
  assert.match(bad.err, /--reload-timeout takes seconds, at least 10/);
});
