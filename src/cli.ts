// Headless entry: `node dist/cli.js <command>`. Builds the real process I/O and hands over to
// runCli; nothing here knows about any subcommand.
import { runCli } from './cli/program';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => controller.abort(new Error(`stopped by ${signal}`)));
}

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stopSignal: controller.signal,
  isTty: Boolean(process.stdout.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ios-image-manager: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
