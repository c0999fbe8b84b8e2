// What every install operation on a simulated device shares: the installer's dates, how it names
// members (switches `Switch 1` and `[1 2]`, routers ` R0` and `[R0]`, remove lists `[R0]` `[R1]` per
// stack member), its pacing (lab time: `timing.installStepMs` a step, where a real box takes seconds to
// minutes), and its `[y/n]` questions, which it reads as a line.
import type { DeviceState } from './device-state';
import type { InstallerProfile } from './profile';
import { sleep } from './reload';
import { membersUp } from './render-version';
import type { Shell } from './shell';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** `Fri Dec 13 05:45:36 UTC 2024`, as the installer stamps START and SUCCESS lines. */
export function installDate(d = new Date(), dayPad = '0'): string {
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, dayPad)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export class InstallRun {
  readonly dev: DeviceState;

  constructor(
    readonly shell: Shell,
    readonly installer: InstallerProfile,
  ) {
    this.dev = shell.dev;
  }

  /** Prints lines (each ends with a line end). */
  say(...lines: string[]): void {
    for (const l of lines) this.shell.term.write(`${l}\n`);
  }

  /** One step of real time, scaled to lab time. */
  pause(steps = 1): Promise<void> {
    return sleep(this.dev.timing.installStepMs * steps, this.dev.lifetimeSignal);
  }

  get members(): number[] {
    return this.installer.members === 'router' ? [1] : membersUp(this.dev);
  }

  /** `Switch 1` or ` R0` (IOS prints two spaces before a route processor: `on  R0`, `[1]  R0`). */
  who(member: number): string {
    return this.installer.members === 'router' ? ' R0' : `Switch ${member}`;
  }

  /** `[1 2]` or `[R0]`. */
  get bracket(): string {
    return this.installer.members === 'router' ? '[R0]' : `[${this.members.join(' ')}]`;
  }

  /** The members as `Copying … from Switch 1 to Switch 1 2` / `from  R0 to  R0` name them. */
  get copyTargets(): string {
    return this.installer.members === 'router' ? ' R0' : `Switch ${this.members.join(' ')}`;
  }

  /** `[R0]`, `[R1]` … in remove lists: Cat9k numbers stack members from R0 there. */
  removeTag(member: number): string {
    return `[R${member - 1}]`;
  }

  /**
   * A phase as the 17.x installer prints it, with a step of time per member. The member lines differ
   * by phase and release: by default ` [1] Activate package(s) on Switch 1` … ` [1] Finished Activate
   * on Switch 1` (fixture 51); `start`/`finish` give other shapes, `false` leaves a line out.
   */
  async phase(name: string, verb: string, lines: { start?: ((m: number) => string) | false; finish?: ((m: number) => string) | false; finished?: string } = {}): Promise<void> {
    this.say(`--- Starting ${name} ---`, `Performing ${name} on all members`);
    const start = lines.start ?? ((m: number) => ` [${m}] ${verb} package(s) on ${this.who(m)}`);
    const finish = lines.finish ?? ((m: number) => ` [${m}] Finished ${name} on ${this.who(m)}`);
    for (const m of this.members) {
      if (start) this.say(start(m));
      await this.pause();
      if (finish) this.say(finish(m));
    }
    this.say(`Checking status of ${name} on ${this.bracket}`, `${name}: Passed on ${this.bracket}`, lines.finished ?? `Finished ${name}`, '');
  }

  /** A `[y/n]` question answered with a line: true for y, false for n, null when the session ended or Ctrl-C. */
  async yesNo(question: string): Promise<boolean | null> {
    for (;;) {
      const answer = await this.shell.term.ask(question);
      if (answer === null) return null;
      const a = answer.toLowerCase();
      if (a === 'y' || a === 'yes') return true;
      if (a === 'n' || a === 'no') return false;
    }
  }
}

/**
 * Unsaved configuration: with `prompt-level none` the operation fails on every member (fixture 15);
 * otherwise IOS-XE 17 asks (fixture 56): y saves and goes on, n goes on, q stops. Returns whether to go on;
 * `false` with `failLater` when the member FAILED lines are due after `Adding IMG`.
 */
export async function configSaved(run: InstallRun, promptLevelNone: boolean): Promise<'yes' | 'stop' | 'fail'> {
  if (run.dev.startupSaved) return 'yes';
  if (promptLevelNone) return 'fail';
  run.say('', 'System configuration has been modified.', 'Press Yes(y) to save the configuration and proceed.', 'Press No(n) for proceeding without saving the configuration.');
  for (;;) {
    const a = await run.shell.term.ask('Press Quit(q) to exit, you may save configuration and re-enter the command. [y/n/q]');
    if (a === null || a.toLowerCase() === 'q') return 'stop';
    if (a.toLowerCase() === 'y') {
      run.say('Building configuration...', '[OK]');
      run.dev.saveConfig();
      return 'yes';
    }
    if (a.toLowerCase() === 'n') return 'yes';
  }
}
