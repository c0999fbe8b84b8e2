// One install command on the device, as a dialogue: the installer's `[y/n]` questions answered by
// rules decided before the command is sent (the reload question only with the user's confirmation;
// `install remove inactive`'s question only as the plan says; unsaved configuration: save), the output
// followed line by line by the device layer's InstallProgressTracker — phases, `Passed on`, `Image
// added`, `FAILED:` — and the session drop that a reload causes read as the reload, not an error.
import { ConnectionLostError, DialogueRefusedError, type DeviceSession, type DialogueRule, type InstallEvent, InstallProgressTracker, type InstallOutput, installBootConfigPrompt, installReloadPrompt, installRemovePrompt, installSaveConfigPrompt, letterRule, Refuse } from '../../device';
import type { JobLog } from '../job-log';

/** How each installer question is answered for one command; a question left undefined is refused. */
export interface InstallAnswers {
  /** `… reload of the system. Do you want to proceed? [y/n]`: true only with the user's confirmation. */
  reload?: boolean;
  /** `Do you want to remove the above files? [y/n]`. */
  removeFiles?: boolean;
  /** `Please confirm you have changed boot config to flash:packages.conf [y/n]`: only after the job changed it. */
  bootConfigChanged?: boolean;
}

/** The rules for one install command. Unsaved configuration is saved (`y`): the job saved it already, so this only catches a change made since. */
export function installRules(a: InstallAnswers): DialogueRule[] {
  const decide = (answer: boolean | undefined, what: string) => () => (answer === undefined ? new Refuse(`${what} was not planned for this command`, 'n\r') : answer ? 'y' : 'n');
  return [
    letterRule('install-reload', installReloadPrompt, decide(a.reload, 'a reload')),
    letterRule('install-remove', installRemovePrompt, decide(a.removeFiles, 'removing files')),
    letterRule('install-save-config', installSaveConfigPrompt, () => 'y'),
    letterRule('install-boot-config', installBootConfigPrompt, decide(a.bootConfigChanged, 'confirming the boot configuration')),
  ];
}

export interface InstallCommandResult {
  output: InstallOutput;
  /** The SSH session dropped after the device said it reloads (or after the reload question was answered yes). */
  reloaded: boolean;
  /** The full text the device printed. */
  text: string;
}

/**
 * Runs an install command and reads its output as it streams. A session drop counts as the reload
 * when the reload was confirmed for this command and the device had not failed; any other drop is
 * thrown (ConnectionLostError) for the caller to report.
 */
export async function runInstallCommand(
  session: DeviceSession,
  command: string,
  answers: InstallAnswers,
  c: { log: JobLog; onEvent?: (e: InstallEvent) => void; timeoutMs?: number },
): Promise<InstallCommandResult> {
  const tracker = new InstallProgressTracker();
  let text = '';
  const feed = (chunk: string) => {
    text += chunk;
    for (const e of tracker.push(chunk)) {
      c.log.add('received', e.line);
      c.onEvent?.(e);
    }
  };
  // An empty output (or one the parser refuses) still has a state worth reporting: what was seen so far.
  const finish = (): InstallOutput => {
    try {
      return tracker.finish();
    } catch {
      return tracker.snapshot();
    }
  };
  c.log.add('sent', command);
  try {
    await session.run(command, { rules: installRules(answers), timeoutMs: c.timeoutMs ?? 45 * 60_000, onOutput: feed });
  } catch (err) {
    if (err instanceof ConnectionLostError && answers.reload) {
      const output = finish();
      if (output.failure === undefined) {
        c.log.add('note', `the SSH session dropped after '${command}': the device reloads`);
        return { output, reloaded: true, text };
      }
    }
    if (err instanceof DialogueRefusedError) c.log.add('note', err.message);
    throw err;
  }
  const output = finish();
  return { output, reloaded: false, text };
}

/** `FAILED: …` and what the device was left in, for the outcome. */
export function failureSummary(output: InstallOutput): string {
  const f = output.failure;
  if (!f) return output.result ?? 'the operation did not finish';
  return f.line;
}
