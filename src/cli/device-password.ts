// Where a CLI command gets the device's login password, safest first: standard input
// (--password-stdin), IIM_PASSWORD, a hidden prompt on a terminal. A password in the URL still works
// but is visible to every local user in the process list (/proc/PID/cmdline), so it is warned about.
import type { ParsedArgs } from './command';
import type { CliIo } from './io';
import { UsageError } from './usage-error';

/** The option every device command takes. */
export const passwordStdinOption = { 'password-stdin': { type: 'boolean' } } as const;

/** Help lines for the commands that log in to a device. */
export const passwordHelp = [
  '  --password-stdin       read the login password from the first line of standard input',
  '',
  'The password: --password-stdin or IIM_PASSWORD (seen only by your own user), else it is asked for on a',
  'terminal without echo. A password in the URL works too, but every local user can read it in the',
  'process list (/proc/PID/cmdline) while the command runs.',
];

export async function devicePassword(command: string, target: { username: string; host: string; password?: string }, args: ParsedArgs, io: CliIo): Promise<string | undefined> {
  if (args.values['password-stdin'] === true) {
    if (target.password !== undefined) throw new UsageError(`${command}: give the password either in the URL or with --password-stdin, not both`);
    if (!io.readStdin) throw new UsageError(`${command}: --password-stdin needs the password on standard input`);
    const text = await io.readStdin();
    const line = text.split(/\r?\n/)[0];
    if (!line) throw new UsageError(`${command}: --password-stdin read no password (an empty first line)`);
    return line;
  }
  if (target.password !== undefined) {
    io.stderr(`${command}: warning: the password in the URL is visible to every local user in the process list; use --password-stdin, IIM_PASSWORD or the prompt\n`);
    return target.password;
  }
  if (process.env.IIM_PASSWORD !== undefined) return process.env.IIM_PASSWORD;
  if (io.askSecret) return io.askSecret(`Password for ${target.username}@${target.host}: `);
  return undefined;
}
