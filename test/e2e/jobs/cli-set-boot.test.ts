// `push --set-boot` from the CLI against the lab and the CLI's own engine: the exact boot commands
// are shown, a person at a terminal is asked (no = nothing sent), without a terminal the flag is the
// confirmation, and the device's running config, BOOT variable and saved state say what happened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../../src/cli/program';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { cliIo, labWithCliEngine } from './cli-lab';
import { flashMd5 } from './job-lab';

test('push --set-boot on a terminal: the commands are shown and asked about; "n" sends nothing, "y" sets and saves', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await labWithCliEngine(t, 'isr4331');
  const running = 'bootflash:isr4300-universalk9.16.09.05.SPA.bin';
  const name = 'isr4300-universalk9.17.03.08a.SPA.bin';
  const image = await writeSampleImage(dir, { ...sampleImages.isr4331, name }, 300 * 1024, 3);
  const commands = ['configure terminal', 'no boot system', `boot system bootflash:${name}`, `boot system ${running}`, 'end', 'write memory'];
  const before = [...device.state.running.bootSystem];

  const no = cliIo(true, ['n']);
  assert.equal(await runCli(args(image.path, '--set-boot'), no), 0, no.out + no.err);
  assert.equal(await flashMd5(device, 'bootflash:', name), image.md5, 'copied and verified');
  assert.deepEqual(no.questions, [`Set bootflash:${name} as the boot image of ${device.state.running.hostname} and save? [y/N] `]);
  for (const c of commands) assert.ok(no.out.includes(`  ${c}\n`), `shown before asking: ${c}\n${no.out}`);
  assert.ok(no.out.indexOf('Pre-flight:') < no.out.indexOf('will send: write memory'), 'the pre-flight report carries the commands');
  assert.match(no.out, /boot image was left as it was/);
  assert.deepEqual(device.state.running.bootSystem, before, 'nothing sent after "n"');
  assert.equal(device.state.startupSaved, true);

  // The identical file is already there (verify /md5 agrees), so the copy is skipped and only the boot step runs.
  const yes = cliIo(true, ['y']);
  assert.equal(await runCli(args(image.path, '--set-boot'), yes), 0, yes.out + yes.err);
  assert.match(yes.out, /SKIPPED: .*already has bootflash:.* boots bootflash:.* next/);
  assert.deepEqual(device.state.running.bootSystem, [`bootflash:${name}`, running]);
  assert.deepEqual(device.state.bootVariable, [`bootflash:${name}`, running], 'written on save (router)');
  assert.equal(device.state.startupSaved, true, 'write memory');
});

test('push --set-boot without a terminal: the flag is the confirmation; --json keeps stdout JSON; --no-verify is refused', { timeout: 120_000 }, async (t) => {
  const { device, dir, args } = await labWithCliEngine(t, 'isr4331');
  const name = 'isr4300-universalk9.17.06.05.SPA.bin';
  const image = await writeSampleImage(dir, { ...sampleImages.isr4331, name }, 200 * 1024, 4);

  const bad = cliIo(false);
  assert.equal(await runCli(args(image.path, '--set-boot', '--no-verify'), bad), 2);
  assert.match(bad.err, /--set-boot needs the copy verified/);

  const plain = cliIo(false);
  assert.equal(await runCli(args(image.path, '--set-boot', '--json'), plain), 0, plain.out + plain.err);
  const report = JSON.parse(plain.out) as { outcome: { status: string; afterwards: { setBoot: string; commands: string[] } } };
  assert.equal(report.outcome.status, 'succeeded');
  assert.equal(report.outcome.afterwards.setBoot, 'done');
  assert.ok(report.outcome.afterwards.commands.includes(`boot system bootflash:${name}`));
  assert.match(plain.err, /sending:\n {2}configure terminal\n/, 'the commands are still shown (stderr, beside the JSON)');
  assert.equal(device.state.running.bootSystem[0], `bootflash:${name}`);
  assert.equal(device.state.startupSaved, true);
});
