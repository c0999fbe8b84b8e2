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

/** A question whose answer is not echoed (a password): raw mode, so each key is read, none shown. */
function askSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let text = '';
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          done();
          return resolve(text);
        }
        if (ch === '\u0003') {
          done();
          controller.abort(new Error('stopped by SIGINT'));
          return reject(new Error('stopped by SIGINT'));
        }
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stopSignal: controller.signal,
  isTty: Boolean(process.stdout.isTTY),
  ...(isatty(0) ? { ask, askSecret } : {}),
  readStdin,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ios-image-manager: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
