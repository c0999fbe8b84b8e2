// The FTP server's listener: binds the control port (bind failures become BindError), caps the
// number of control connections and closes them all on close(). Each connection is a
// ControlConnection; the policy is the engine's (ctx.access), never the server's.
import net from 'node:net';
import type { EngineContext, RunningServer } from '../context';
import { BindError } from '../errors';
import { ControlConnection, type ControlOptions } from './control-connection';
import { formatReply, reply } from './replies';

export interface FtpServerOptions {
  /** Address to bind; the engine's default is 127.0.0.1. */
  bind: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Passive data ports [low, high]; any free port when absent. */
  passivePorts?: [number, number];
  /** Control connection closed (421) after this long without a command. Default 5 minutes (as vsftpd). */
  controlIdleTimeoutMs?: number;
  /** A data connection that moves no byte for this long is dropped (an upload is discarded). Default 2 minutes. */
  dataIdleTimeoutMs?: number;
  /** Waiting for the peer to open (passive) or accept (active) a data connection. Default 30 s. */
  dataConnectTimeoutMs?: number;
  /** Failed logins before the connection is closed. Default 3. */
  maxLoginFailures?: number;
  /** Delay of a failed login's reply, times the failures so far. Default 500 ms. */
  loginFailureDelayMs?: number;
  /** Control connections at once. Default 32: a handful of devices, never a crowd. */
  maxConnections?: number;
  /** See OpEnvironment.commitGraceMs. Default 50 ms. */
  commitGraceMs?: number;
}

export async function startFtpServer(ctx: EngineContext, options: FtpServerOptions): Promise<RunningServer> {
  const control: ControlOptions = {
    ...(options.passivePorts ? { passivePorts: options.passivePorts } : {}),
    controlIdleTimeoutMs: options.controlIdleTimeoutMs ?? 300_000,
    dataIdleTimeoutMs: options.dataIdleTimeoutMs ?? 120_000,
    dataConnectTimeoutMs: options.dataConnectTimeoutMs ?? 30_000,
    commitGraceMs: options.commitGraceMs ?? 50,
    maxLoginFailures: options.maxLoginFailures ?? 3,
    loginFailureDelayMs: options.loginFailureDelayMs ?? 500,
  };
  const maxConnections = options.maxConnections ?? 32;
  const connections = new Set<ControlConnection>();
  const server = net.createServer((socket) => {
    if (connections.size >= maxConnections) {
      socket.on('error', () => undefined);
      socket.end(formatReply(reply('tooManyConnections')));
      return;
    }
    const c = new ControlConnection(ctx, socket, control);
    connections.add(c);
    void c.finished.then(() => connections.delete(c));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new BindError('ftp', options.bind, options.port, err.code ?? err.message, { cause: err })));
    server.listen({ host: options.bind, port: options.port }, () => resolve());
  });
  server.on('error', (err) => ctx.log(`ftp server error: ${err.message}`));
  const bound = server.address() as net.AddressInfo;
  ctx.log(`FTP listening on ${bound.address}:${bound.port}`);
  let closing: Promise<void> | undefined;
  return {
    protocol: 'ftp',
    address: bound.address,
    port: bound.port,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((r) => server.close(() => r()));
        await Promise.all([...connections].map((c) => c.close()));
        await stopped;
      })();
      return closing;
    },
  };
}
