// Where the device reaches us, worked out once for every job: the address it connects to (the
// user's override, else the local end of the SSH session, else the routing table's choice through a
// jump host), its own address as our servers will see it (the SSH session's peer, else a lookup of
// its host name), and for each protocol where the engine's server listens — started here, bound on
// the override, the caller's bind address, or else the facing address itself. UI and CLI only say
// where servers listen and pass the user's override; the policy is this file's.
import { BindError, type Protocol, protocolSpec } from '../engine';
import type { EngineServer } from './copy-plan';
import { type FacingSource, localAddressFacing, resolveAddress } from './facing-address';

/** What an SSH session knows about its own connection (direct connections only). */
export interface SessionAddresses {
  localAddress?: string;
  remoteAddress?: string;
}

export interface ProtocolReach {
  /** Where the server listens, when it could be started. */
  bound?: { address: string; port: number };
  /** Why it could not be (BindError's message names the remedies). */
  bindError?: string;
}

export interface EngineReach {
  /** The address the device connects to. */
  facingAddress: string;
  facingSource: FacingSource;
  /** The device's own address as our servers will see it: offers are for it alone. */
  peerAddress: string;
  protocols: Partial<Record<Protocol, ProtocolReach>>;
  /** The simulated lab maps the well-known ports to the engine's (real IOS cannot). */
  portsMapped?: boolean;
}

const unspecified = (a: string | undefined) => a === '0.0.0.0' || a === '::';

/**
 * Starts (or finds) the engine's server for each protocol and says where the device reaches it.
 * A server that cannot bind is recorded with its reason: the pre-flight report shows it, and the
 * protocol is not chosen automatically.
 */
export async function reachEngine(server: EngineServer, session: SessionAddresses | undefined, deviceHost: string, protocols: readonly Protocol[]): Promise<EngineReach> {
  const peerAddress = session?.remoteAddress ?? (await resolveAddress(deviceHost));
  const override = server.override && !unspecified(server.override) ? server.override : undefined;
  const facing: { address: string; source: FacingSource } = override
    ? { address: override, source: 'override' }
    : session?.localAddress
      ? { address: session.localAddress, source: 'ssh' }
      : { address: await localAddressFacing(peerAddress), source: 'routing' };
  const bind = override ?? server.bindAddress ?? facing.address;
  const reach: EngineReach = { facingAddress: facing.address, facingSource: facing.source, peerAddress, protocols: {}, ...(server.portsMapped ? { portsMapped: true } : {}) };
  for (const p of protocols) {
    try {
      const s = await server.server(p, bind, { candidate: protocols.length > 1 });
      reach.protocols[p] = { bound: { address: s.address, port: s.port } };
    } catch (err) {
      if (!(err instanceof BindError)) throw err;
      reach.protocols[p] = { bindError: err.message };
    }
  }
  return reach;
}

/** The port a device's URL names for the engine's server of `protocol`, when IOS lets it name one. */
export function urlPort(reach: EngineReach, protocol: Protocol): number | undefined {
  return protocolSpec(protocol).portInUrl ? reach.protocols[protocol]?.bound?.port : undefined;
}

/**
 * The engine with servers already running (the simulated lab, the demo, tests): a job uses them as
 * they are, wherever they listen; `override` is the address the device connects to.
 */
export function runningEngineServer(engine: EngineServer['engine'], servers: Partial<Record<Protocol, { address: string; port: number }>>, o: { override?: string; portsMapped?: boolean } = {}): EngineServer {
  return {
    kind: 'engine',
    engine,
    server: async (protocol) => {
      const s = servers[protocol];
      if (!s) throw new BindError(protocol, '-', 0, 'not started');
      return s;
    },
    ...(o.override ? { override: o.override } : {}),
    ...(o.portsMapped ? { portsMapped: true } : {}),
  };
}
