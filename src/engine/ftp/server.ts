// The FTP server's I/O: sockets, timers and files, executing what the FTP session decides.
// Placeholder until the FTP server lands: the engine API and the CLI are already wired to it.
import type { EngineContext, RunningServer } from '../context';
import { EngineError } from '../errors';

export interface FtpServerOptions {
  /** Address to bind; the engine's default is 127.0.0.1. */
  bind: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Passive data ports [low, high]; any free port when absent. */
  passivePorts?: [number, number];
}

export async function startFtpServer(_ctx: EngineContext, options: FtpServerOptions): Promise<RunningServer> {
  throw new EngineError('E_NOT_IMPLEMENTED', `the FTP server is not in this build yet (asked for ${options.bind}:${options.port})`);
}
