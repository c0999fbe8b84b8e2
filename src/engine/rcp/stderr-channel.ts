// rsh's optional second connection: when the header's first field names a port, rshd connects back
// to the client on it for the command's stderr. We open it (to the same peer address only, never
// elsewhere) because glibc's rcmd() sends nothing more until it is accepted, then leave it silent.
import net from 'node:net';

/** rresvport(3): the client checks that the stderr connection comes from 512–1023 (glibc rcmd.c). */
const reservedHigh = 1023;
const reservedLow = 512;
/** Ports tried before giving up on a reserved one (each busy port costs one failed bind). */
const maxReservedAttempts = 64;

export interface StderrTarget {
  /** The peer of the main connection: the only address ever connected to. */
  peer: string;
  port: number;
  /** Our address on the main connection, so the second one leaves from the same interface. */
  localAddress: string;
  timeoutMs: number;
}

/**
 * Connects back from a reserved port, as rshd does. Without the privilege (EACCES) it connects from
 * any port: IOS does not check, and BSD clients then refuse it with their own clear message.
 */
export async function openStderrChannel(target: StderrTarget): Promise<net.Socket> {
  let privileged = true;
  for (let attempt = 0, port = reservedHigh; ; attempt++, port--) {
    const localPort = privileged && attempt < maxReservedAttempts && port >= reservedLow ? port : undefined;
    try {
      return await connect(target, localPort);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (localPort !== undefined && code === 'EADDRINUSE') continue;
      if (localPort !== undefined && (code === 'EACCES' || code === 'EPERM')) {
        privileged = false;
        continue;
      }
      throw err;
    }
  }
}

function connect(target: StderrTarget, localPort: number | undefined): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.peer, port: target.port, localAddress: target.localAddress, ...(localPort !== undefined ? { localPort } : {}) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer within ${target.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, target.timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Errors after this point (the peer closing it) do not matter: nothing is ever written to it.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
  });
}
