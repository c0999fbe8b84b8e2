// Runs commands on a simulated device in-process (no SSH): its DeviceState, a Terminal that
// collects what the device prints, and a privileged shell with paging off. For tests that look at
// what a command prints, not at the session around it.
import type { TestContext } from 'node:test';
import { configCommands } from '../../../src/lab/config-commands';
import { DeviceState } from '../../../src/lab/device-state';
import { execCommands } from '../../../src/lab/exec-commands';
import { loadProfile, type Profile } from '../../../src/lab/profile';
import { Shell } from '../../../src/lab/shell';
import { Terminal } from '../../../src/lab/terminal';
import { tempDir } from '../../helpers/temp-dir';

export interface LabConsole {
  dev: DeviceState;
  /** What the device prints for one command line, with LF line ends. */
  run(line: string): Promise<string>;
}

export function labConsole(t: TestContext, profile: Profile | string): LabConsole {
  const p = typeof profile === 'string' ? loadProfile(profile) : profile;
  const dev = new DeviceState(p, tempDir(t, `iim-lab-${p.name}-`), { tftp: 69, ftp: 21, rcp: 514 });
  let out = '';
  const term = new Terminal((text) => (out += text), false);
  term.length = 0;
  const user = p.users.find((u) => u.privilege >= 15) ?? { ...p.users[0], privilege: 15 };
  const shell = new Shell(dev, term, { ...user, privilege: 15 }, { exec: execCommands, config: configCommands }, () => undefined);
  return {
    dev,
    async run(line) {
      out = '';
      await shell.execute(line);
      return out.replace(/\r\n/g, '\n');
    },
  };
}
