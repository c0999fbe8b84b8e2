// FTP data connections: a passive listener (one per PASV/EPSV, from the configured port range) that
// accepts only the control connection's peer, and active connects (PORT/EPRT). Closing is always
// explicit and idempotent, so no listener outlives the command it was opened for.
import net from 'node:net';
import { EngineError } from '../errors';
import { normalizeAddress } from '../peer';

export class DataConnectionError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_FTP_DATA', message, options);
  }
}

export interface PassiveOptions {
  /** The control connection's local address: listen there, and announce it in the 227 reply. */
  address: string;
  /** [low, high] inclusive; any free port when absent. */
  portRange?: [number, number];
  /** The only address a data connection is accepted from. */
  peer: string;
  /** Told about (and then drops) connections from any other address. */
  onForeignPeer(address: string): void;
}

type ListenerState =
  | { kind: 'listening' }
  | { kind: 'connected'; socket: net.Socket }
  | { kind: 'waiting'; resolve(socket: net.Socket): void; reject(err: Error): void; timer: NodeJS.Timeout }
  | { kind: 'closed' };

export class PassiveListener {
  private state: ListenerState = { kind: 'listening' };

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private readonly options: PassiveOptions,
  ) {
    server.on('connection', (socket) => this.onConnection(socket));
    server.on('error', () => this.close());
  }

  static async open(options: PassiveOptions): Promise<PassiveListener> {
    const [low, high] = options.portRange ?? [0, 0];
    const count = high - low + 1;
    // Start at a random port of the range so concurrent sessions rarely collide; try each once (at most 200).
    const first = Math.floor(Math.random() * count);
    let lastError: unknown;
    for (let i = 0; i < Math.min(count, 200); i++) {
      const port = low === 0 ? 0 : low + ((first + i) % count);
      const server = net.createServer({ pauseOnConnect: true });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: options.address, port, exclusive: true }, () => {
            server.off('error', reject);
            resolve();
          });
        });
        const bound = (server.address() as net.AddressInfo).port;
        return new PassiveListener(server, bound, options);
      } catch (err) {
        lastError = err;
        server.close();
      }
    }
    throw new DataConnectionError(`no free passive port in ${low}-${high} on ${options.address}`, { cause: lastError });
  }

  /** The first connection from the peer (it may already have arrived), or a DataConnectionError after timeoutMs. */
  accept(timeoutMs: number): Promise<net.Socket> {
    const s = this.state;
    if (s.kind === 'connected') {
      this.state = { kind: 'closed' };
      return Promise.resolve(s.socket);
    }
    if (s.kind !== 'listening') return Promise.reject(new DataConnectionError('the passive data port is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.close();
        reject(new DataConnectionError(`no data connection within ${timeoutMs} ms`));
      }, timeoutMs);
      this.state = { kind: 'waiting', resolve, reject, timer };
    });
  }

  /** Stops listening and drops a connection nobody took. Idempotent. */
  close(): void {
    const s = this.state;
    this.state = { kind: 'closed' };
    this.server.close();
    if (s.kind === 'connected') s.socket.destroy();
    if (s.kind === 'waiting') {
      clearTimeout(s.timer);
      s.reject(new DataConnectionError('the passive data port was closed'));
    }
  }

  private onConnection(socket: net.Socket): void {
    const from = normalizeAddress(socket.remoteAddress ?? '');
    if (from !== normalizeAddress(this.options.peer)) {
      socket.destroy();
      this.options.onForeignPeer(from);
      return;
    }
    const s = this.state;
    if (s.kind === 'listening') {
      this.state = { kind: 'connected', socket };
    } else if (s.kind === 'waiting') {
      clearTimeout(s.timer);
      this.state = { kind: 'closed' };
      s.resolve(socket);
    } else {
      socket.destroy();
      return;
    }
    // One data connection per listener: stop accepting as soon as the peer is here.
    this.server.close();
  }
}

/** Active mode: connect from the control connection's local address to the peer's announced port. */
export function connectActive(host: string, port: number, localAddress: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, localAddress });
    socket.pause();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DataConnectionError(`connecting to ${host}:${port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new DataConnectionError(`connecting to ${host}:${port} failed: ${err.message}`, { cause: err }));
    });
  });
}
