// The FTP server's listener: binds the control port (bind failures become BindError), admits or
// refuses each connection as it is accepted (admission.ts) and closes them all on close(). Each
// connection is a ControlConnection; the policy is the engine's (ctx.access), never the server's.
import net from 'node:net';
import { type AdmissionRefusal, ConnectionAdmission } from '../admission';
import type { EngineContext, RunningServer } from '../context';
import { BindError } from '../errors';
import { LoginThrottle, type LoginThrottleOptions } from '../login-throttle';
import { normalizeAddress } from '../peer';
import { RefusalSampler, suppressedNote } from '../refusal-sampler';
import { ControlConnection, type ControlOptions } from './control-connection';
import { formatReply, reply, type ReplyName } from './replies';

const refusalReply: Record<AdmissionRefusal, ReplyName> = {
  'not-for-this-address': 'notForYourAddress',
  'per-address': 'tooManyFromAddress',
  waiting: 'tooManyUnauthenticated',
  total: 'tooManyConnections',
};

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
  /** Control connections at once. Default 32: a handful of devices, never a crowd. A peer with an offer is let in over it. */
  maxConnections?: number;
  /** Control connections from one address (vsftpd's max_per_ip), offer or not. Default 8. */
  maxConnectionsPerAddress?: number;
  /** Connections not yet logged in, from peers without an offer. Default 16. */
  maxUnauthenticated?: number;
  /** A connection not logged in within this is closed (421). Default 30 s. */
  loginTimeoutMs?: number;
  /** Spacing of login attempts per address after repeated failures (login-throttle.ts). */
  loginThrottle?: LoginThrottleOptions;
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
    loginTimeoutMs: options.loginTimeoutMs ?? 30_000,
    throttle: new LoginThrottle(options.loginThrottle),
  };
  const admission = new ConnectionAdmission({
    maxConnections: options.maxConnections ?? 32,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? 8,
    maxUnauthenticated: options.maxUnauthenticated ?? 16,
  });
  const sampler = new RefusalSampler();
  const connections = new Set<ControlConnection>();
  const server = net.createServer((socket) => {
    const peer = normalizeAddress(socket.remoteAddress ?? '');
    // Decided before a byte is read: a peer that nothing here is for, or one over its limits, must
    // not hold a slot a device needs (issue 15: 32 idle connections locked every device out).
    const decision = admission.admit(peer, ctx.access.admission('ftp', peer) ?? ctx.access.admissionRefusal('ftp', peer));
    if (!decision.ok) {
      socket.on('error', () => undefined);
      socket.end(formatReply(reply(refusalReply[decision.refusal])));
      setTimeout(() => socket.destroy(), 1000).unref();
      const suppressed = sampler.sample(`${peer}|${decision.refusal}`);
      if (suppressed !== undefined) {
        ctx.events.emit({ type: 'refused', protocol: 'ftp', peer, file: '', reason: decision.reason, message: `FTP connection from ${peer} refused: ${decision.why}${suppressedNote(suppressed)}` });
      }
      return;
    }
    const c = new ControlConnection(ctx, socket, control, { loggedIn: () => decision.slot.loggedIn() });
    connections.add(c);
    void c.finished.then(() => {
      connections.delete(c);
      decision.slot.release();
    });
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
