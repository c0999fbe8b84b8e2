// The RCP server's I/O: a TCP listener speaking the rsh protocol (port 514 in real use) on which
// only `rcp -f NAME` and `rcp -t NAME` are accepted. Nothing is ever executed; each connection is an
// RcpConnection asking the engine's access policy, with no policy of its own.
import net from 'node:net';
import type { EngineContext, RunningServer } from '../context';
import { BindError } from '../errors';
import { RcpConnection } from './connection';

export interface RcpServerOptions {
  /** Address to bind; the engine's default is 127.0.0.1. */
  bind: string;
  /** 0 picks a free port (tests); 514 is what devices connect to. */
  port: number;
  /**
   * Refuse clients whose source port is outside 512–1023, as classic rshd does. Off by default: a
   * reserved port proves only that the client is root somewhere, not who it is; the peer address and
   * the expected remote username are what the engine checks.
   */
  requirePrivilegedPort?: boolean;
  /** A connection that sends or reads nothing for this long is closed (a partial upload discarded). Default 30 s. */
  idleTimeoutMs?: number;
  /** Read size when sending a file. Default 256 KiB. */
  chunkBytes?: number;
}

export const defaultRcpIdleTimeoutMs = 30_000;

export async function startRcpServer(ctx: EngineContext, options: RcpServerOptions): Promise<RunningServer> {
  const connections = new Set<RcpConnection>();
  const connectionOptions = {
    requirePrivilegedPort: options.requirePrivilegedPort ?? false,
    idleTimeoutMs: options.idleTimeoutMs ?? defaultRcpIdleTimeoutMs,
    chunkBytes: options.chunkBytes ?? 256 * 1024,
  };
  // allowHalfOpen: the peer's end of stream is an input to the session, and we decide when to close.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    const conn = new RcpConnection(socket, ctx, connectionOptions);
    connections.add(conn);
    socket.once('close', () => void conn.close().finally(() => connections.delete(conn)));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(new BindError('rcp', options.bind, options.port, err.code ?? 'unknown', { cause: err }));
    server.once('error', onError);
    server.listen({ host: options.bind, port: options.port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => ctx.log(`rcp server error: ${err.message}`));
  const address = server.address() as net.AddressInfo;
  ctx.log(`rcp listening on ${address.address}:${address.port}`);
  let closing: Promise<void> | undefined;
  return {
    protocol: 'rcp',
    address: address.address,
    port: address.port,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...connections].map((c) => c.close('the server is stopping')));
        await stopped;
      })();
      return closing;
    },
  };
}
