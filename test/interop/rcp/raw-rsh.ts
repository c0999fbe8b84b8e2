// A raw TCP client for the RCP server's malformed-input tests: sends exact bytes, collects every byte
// the server answers until it closes. No rcp logic here: the tests spell out the bytes themselves.
import net from 'node:net';
import type { TestContext } from 'node:test';

export interface RawConnection {
  socket: net.Socket;
  /** Everything received so far. */
  received(): Buffer;
  /** Resolves when at least `n` bytes have arrived (or the server closed). */
  waitFor(n: number): Promise<Buffer>;
  /** Resolves with everything received once the server has closed the connection. */
  closed: Promise<Buffer>;
}

export async function rawConnect(t: TestContext, port: number, options: { localPort?: number; localAddress?: string } = {}): Promise<RawConnection> {
  const socket = net.connect({ host: '127.0.0.1', port, ...(options.localPort ? { localPort: options.localPort } : {}), ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  t.after(() => socket.destroy());
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  socket.on('data', (d: Buffer) => {
    chunks.push(d);
    for (const w of [...waiters]) w();
  });
  const closed = new Promise<Buffer>((resolve) =>
    socket.once('close', () => {
      ended = true;
      for (const w of [...waiters]) w();
      resolve(Buffer.concat(chunks));
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const received = () => Buffer.concat(chunks);
  const waitFor = (n: number) =>
    new Promise<Buffer>((resolve) => {
      const check = () => {
        if (received().length >= n || ended) {
          waiters.delete(check);
          resolve(received());
        }
      };
      waiters.add(check);
      check();
    });
  return { socket, received, waitFor, closed };
}

/** An rsh header as BSD rcmd() sends it (no stderr port unless given). */
export function rshHeader(remoteUser: string, command: string, stderrPort = ''): Buffer {
  return Buffer.from(`${stderrPort}\0router1\0${remoteUser}\0${command}\0`, 'latin1');
}
