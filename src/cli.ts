// Headless entry: `node dist/cli.js <command>`. Builds the real process I/O and hands over to
// runCli; nothing here knows about any subcommand.
import { createInterface } from 'node:readline/promises';
import { isatty } from 'node:tty';
import { runCli } from './cli/program';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`stopped by ${signal}`)));
}

/** One question on the terminal; Ctrl-C there stops the command as it does elsewhere. */
async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  rl.on('SIGINT', () => controller.abort(new Error('stopped by SIGINT')));
  try {
    return await rl.question(question, { signal: controller.signal });
  } finally {
    rl.close();
  }
}

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stopSignal: controller.signal,
  isTty: Boolean(process.stdout.isTTY),
  ...(isatty(0) ? { ask } : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ios-image-manager: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
