// The CLI run in-process against one simulated device and the CLI's own engine: what the `push`
// CLI tests share (an io that records what was printed and asked, and the push arguments).
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { CliIo } from '../../../src/cli/io';
import { type DeviceFaults, startLab } from '../../../src/lab';
import { tempDir } from '../../helpers/temp-dir';
import { freeUdpPort } from '../../unit/lab/clients/real-servers';

/** Output captured; on a terminal (`tty`), questions are recorded and answered from `answers`. */
export function cliIo(tty: boolean, answers: string[] = []): CliIo & { out: string; err: string; questions: string[] } {
  const r = {
    out: '',
    err: '',
    questions: [] as string[],
    stdout: (text: string) => void (r.out += text),
    stderr: (text: string) => void (r.err += text),
    stopSignal: new AbortController().signal,
    isTty: tty,
    ...(tty
      ? {
          ask: async (q: string) => {
            r.questions.push(q);
            return answers.shift() ?? '';
          },
        }
      : {}),
  };
  return r;
}

/** One lab device (its enable secret in IIM_ENABLE_SECRET for the test) and `push` arguments for it over TFTP. */
export async function labWithCliEngine(t: TestContext, profile: string, options: { reloadMs?: number; faults?: DeviceFaults } = {}) {
  const tftpPort = await freeUdpPort();
  const lab = await startLab({ profiles: [profile], tftpPort, ...options });
  t.after(() => lab.close());
  const [device] = lab.devices;
  const saved = process.env.IIM_ENABLE_SECRET;
  process.env.IIM_ENABLE_SECRET = device.enableSecret;
  t.after(() => (saved === undefined ? delete process.env.IIM_ENABLE_SECRET : (process.env.IIM_ENABLE_SECRET = saved)));
  const dir = tempDir(t);
  const args = (file: string, ...more: string[]) => ['push', device.url, file, '--protocol', 'tftp', '--engine-ports', `tftp=${tftpPort}`, '--known-hosts', path.join(dir, 'known_hosts'), '--accept-new-host-key', ...more];
  return { device, dir, args };
}
