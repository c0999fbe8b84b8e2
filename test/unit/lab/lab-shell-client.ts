// A tiny test driver for the lab's interactive shell over a real ssh2 Client: send a line, collect
// the output up to the next prompt (or a given pattern), with a timeout on every wait.
import type { TestContext } from 'node:test';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';

export interface ShellDriver {
  /** Sends `text` as typed (add '\r' yourself) and returns the output up to `until`. */
  send(text: string, until?: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends a line and returns its output without the echo and the final prompt. */
  run(line: string, timeoutMs?: number): Promise<string>;
  output(): string;
  closed: Promise<void>;
  client: Client;
}

export const promptRe = /(?<=\n|^)[A-Za-z][\w.-]*(\(config\))?[>#]$/;

export async function openShell(t: TestContext, config: ConnectConfig, timeoutMs = 10_000): Promise<ShellDriver> {
  const client = new Client();
  t.after(() => client.end());
  const channel = await new Promise<ClientChannel>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ssh connect timed out')), timeoutMs);
    client.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    client.on('ready', () =>
      client.shell({ term: 'vt100' }, (err, ch) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(ch);
      }),
    );
    // Old IOS profiles offer SHA-1 key exchange and ssh-rsa only: offer them too, after the modern ones.
    const algorithms = { kex: { append: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'] }, cipher: { append: ['aes128-cbc', '3des-cbc'] } };
    client.connect({ readyTimeout: timeoutMs, algorithms: algorithms as ConnectConfig['algorithms'], ...config });
  });
  let all = '';
  let pending = '';
  let waiter: (() => void) | undefined;
  channel.on('data', (b: Buffer) => {
    all += b.toString('latin1');
    pending += b.toString('latin1');
    waiter?.();
  });
  const closed = new Promise<void>((resolve) => channel.on('close', () => resolve()));
  async function waitFor(until: RegExp, ms: number): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = until.exec(pending);
      if (m) {
        const out = pending.slice(0, m.index + m[0].length);
        pending = pending.slice(m.index + m[0].length);
        return out;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${until} in ${JSON.stringify(pending.slice(-300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
  const driver: ShellDriver = {
    client,
    closed,
    output: () => all,
    send(text, until = promptRe, ms = timeoutMs) {
      channel.write(text);
      return waitFor(until, ms);
    },
    async run(line, ms = timeoutMs) {
      const out = await driver.send(`${line}\r`, promptRe, ms);
      const body = out.replace(promptRe, '');
      const echo = `${line}\r\n`;
      return body.startsWith(echo) ? body.slice(echo.length) : body;
    },
  };
  await waitFor(promptRe, timeoutMs);
  return driver;
}
