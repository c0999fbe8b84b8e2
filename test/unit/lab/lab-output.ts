// Runs commands on a simulated device in-process (no SSH): its DeviceState, a Terminal that
// collects what the device prints, and a privileged shell with paging off. For tests that look at
// what a command prints, not at the session around it.
import type { TestContext } from 'node:test';
import { configCommands } from '../../../src/lab/config-commands';
import { DeviceState, type LabTiming } from '../../../src/lab/device-state';
import { execCommands } from '../../../src/lab/exec-commands';
import { loadProfile, type Profile } from '../../../src/lab/profile';
import { Shell } from '../../../src/lab/shell';
import { Terminal } from '../../../src/lab/terminal';
import { tempDir } from '../../helpers/temp-dir';

export interface LabConsole {
  dev: DeviceState;
  /** What the device prints for one command line, with LF line ends; `input` is what is typed at its questions. */
  run(line: string, input?: string): Promise<string>;
}

export function labConsole(t: TestContext, profile: Profile | string, timing: Partial<LabTiming> = {}): LabConsole {
  const p = typeof profile === 'string' ? loadProfile(profile) : profile;
  const dev = new DeviceState(p, tempDir(t, `iim-lab-${p.name}-`), { tftp: 69, ftp: 21, rcp: 514 }, {}, timing);
  t.after(() => dev.dispose());
  let out = '';
  const user = p.users.find((u) => u.privilege >= 15) ?? { ...p.users[0], privilege: 15 };
  // A terminal per command: a command that reloads the device closes its own.
  return {
    dev,
    async run(line, input) {
      out = '';
      const term = new Terminal((text) => (out += text), input !== undefined);
      term.length = 0;
      if (input !== undefined) term.feed(input);
      const shell = new Shell(dev, term, { ...user, privilege: 15 }, { exec: execCommands, config: configCommands }, () => term.close());
      await shell.execute(line);
      return out.replace(/\r\n/g, '\n');
    },
  };
}
