// The RCP server's I/O: sockets, timers and files, executing what the RCP session decides.
// Placeholder until the RCP server lands: the engine API and the CLI are already wired to it.
import type { EngineContext, RunningServer } from '../context';
import { EngineError } from '../errors';

export interface RcpServerOptions {
  /** Address to bind; the engine's default is 127.0.0.1. */
  bind: string;
  /** 0 picks a free port (tests). */
  port: number;
}

export async function startRcpServer(_ctx: EngineContext, options: RcpServerOptions): Promise<RunningServer> {
  throw new EngineError('E_NOT_IMPLEMENTED', `the RCP server is not in this build yet (asked for ${options.bind}:${options.port})`);
}
