// Watching a simulated device go down and come back in tests: poll its state until something has
// happened, and probe whether its SSH server answers (a reloading device refuses every connection).
import { Client, type ConnectConfig } from 'ssh2';
import type { LabDevice } from '../../../src/lab/index';

/** Polls `probe` until it holds; fails naming `what` after `timeoutMs` (a bound, not an assertion on time). */
export async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The algorithms every lab era can agree on, appended to ssh2's modern defaults. */
export const labAlgorithms = { kex: { append: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'] }, cipher: { append: ['aes128-cbc', '3des-cbc'] } } as ConnectConfig['algorithms'];

/** Whether SSH is refused: the connection ends before any login (a reloading device answers nothing). */
export function sshRefused(dev: LabDevice): Promise<boolean> {
  return new Promise((resolve) => {
    const client = new Client();
    const done = (refused: boolean) => {
      clearTimeout(timer);
      client.end();
      resolve(refused);
    };
    const timer = setTimeout(() => done(false), 5_000);
    client.on('ready', () => done(false));
    client.on('error', () => done(true));
    client.on('close', () => done(true));
    client.connect({ host: dev.host, port: dev.port, username: 'netops', password: 'netops', readyTimeout: 5_000, algorithms: labAlgorithms });
  });
}
