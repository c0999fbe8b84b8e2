// `push` with set-boot on every platform kind the lab has, through the real engine: the commands
// are the ones the platform needs, and what the device then shows (`show boot` / `show bootvar`,
// after the save) has the new image first and the running image as the fallback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseShowBoot } from '../../../src/device/parsers';
import { readLocalImage } from '../../../src/jobs/local-image';
import { pushImage } from '../../../src/jobs';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { tempDir } from '../../helpers/temp-dir';
import { startJobLab } from './job-lab';

const cases = [
  {
    profile: 'c2960x',
    name: 'c2960x-universalk9-mz.152-7.E8.bin',
    show: 'show boot',
    lines: (target: string, running: string) => ['no boot system', `boot system ${target};${running}`],
  },
  {
    profile: 'c3850-stack',
    name: 'cat3k_caa-universalk9.16.12.10.SPA.bin',
    show: 'show boot',
    lines: (target: string, running: string) => ['no boot system switch all', `boot system switch all ${target};${running}`],
  },
  {
    profile: 'isr4331',
    name: 'isr4300-universalk9.17.09.05.SPA.bin',
    show: 'show bootvar',
    lines: (target: string, running: string) => ['no boot system', `boot system ${target}`, `boot system ${running}`],
  },
  {
    profile: 'c2911',
    name: 'c2900-universalk9-mz.SPA.157-3.M9.bin',
    show: 'show bootvar',
    lines: (target: string, running: string) => ['no boot system', `boot system ${target}`, `boot system ${running}`],
  },
] as const;

for (const c of cases) {
  test(`${c.profile}: set-boot sends what the platform needs; ${c.show} then lists the new image first and the running one as fallback`, { timeout: 120_000 }, async (t) => {
    const lab = await startJobLab(t, [c.profile]);
    const [device] = lab.devices;
    const image = await writeSampleImage(tempDir(t), { ...sampleImages[c.profile], name: c.name }, 200 * 1024, 3);
    const { session, snapshot } = await lab.open(device);
    const running = snapshot.runningImage!;
    const result = await pushImage(session, snapshot, { protocol: 'tftp', local: await readLocalImage(image.path), server: lab.server('tftp'), afterwards: { setBoot: true } });
    assert.equal(result.outcome.status, 'succeeded', result.outcome.message);
    const fsName = snapshot.fileSystems.find((f) => f.isDefault)!.name;
    const target = `${fsName}${c.name}`;
    assert.deepEqual(result.outcome.status === 'succeeded' && result.outcome.afterwards?.commands, ['configure terminal', ...c.lines(target, running), 'end', 'write memory']);
    const boot = parseShowBoot(await session.run(c.show));
    assert.deepEqual(
      (boot.bootVariable ?? []).map((e) => e.replace(/^([\w-]+:)\/+/, '$1')),
      [target, running],
      `${c.show}: new first, running as fallback`,
    );
    for (const member of boot.switches ?? []) assert.deepEqual(member.bootVariable, boot.bootVariable, 'every stack member boots the same');
    assert.equal(device.state.startupSaved, true, 'saved');
  });
}
