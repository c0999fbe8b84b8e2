// Can the device reach the engine? The address it should use is the local end of our SSH
// connection to it (the interface that really faces that device); the server for the protocol must
// be bound there, on the port IOS will use — the protocol's default port unless IOS can name one in
// its URL (the registry's portInUrl).
import net from 'node:net';
import { type Protocol, protocolSpec } from '../../engine';
import type { CheckResult } from './check';

export type TransferProtocol = Protocol;

export interface ReachabilityInput {
  protocol: TransferProtocol;
  /** Local address of the SSH connection to the device, or the user's override. */
  deviceFacingAddress: string;
  /** Where that address came from; absent = not said. */
  facingSource?: 'ssh' | 'routing' | 'override';
  /** Where the engine's server for this protocol is bound, when it is running. */
  bound?: { address: string; port: number };
  /** Why binding failed, when it did (BindError's message names the remedies). */
  bindError?: string;
  /** The simulated lab maps the standard ports to loopback ports; real IOS cannot. */
  devicePortMapped?: boolean;
}

const sourceText = {
  ssh: 'local end of the SSH session',
  routing: 'the source address the routing table picks for the device; the SSH session does not start here',
  override: 'set by the user',
} as const;

function covers(boundAddress: string, target: string): boolean {
  return boundAddress === target || boundAddress === '0.0.0.0' || boundAddress === '::' || (boundAddress === '::ffff:' + target);
}

export function checkReachability(input: ReachabilityInput): CheckResult {
  const { protocol, deviceFacingAddress, bound, bindError, devicePortMapped, facingSource } = input;
  const id = 'reachability';
  const title = `The device can reach the ${protocolSpec(protocol).title} server`;
  const facts = [`the device reaches this machine at ${deviceFacingAddress}${facingSource ? ` (${sourceText[facingSource]})` : ''}`];
  if (!bound) {
    return {
      id,
      title,
      status: 'blocking',
      summary: `The ${protocol.toUpperCase()} server is not running${bindError ? `: ${bindError}` : '.'}`,
      facts,
      remedy: 'Start the engine with the port bound (see the message), or name an external server.',
    };
  }
  facts.push(`${protocol.toUpperCase()} server bound on ${bound.address}:${bound.port}`);
  if (!net.isIP(deviceFacingAddress)) {
    return { id, title, status: 'warning', summary: `${deviceFacingAddress} is not an IP address; the device must resolve it.`, facts };
  }
  if (!covers(bound.address, deviceFacingAddress)) {
    return {
      id,
      title,
      status: 'blocking',
      summary: `The server listens on ${bound.address} only, but the device would connect to ${deviceFacingAddress}: it would time out.`,
      facts,
      remedy: `Bind the engine to ${deviceFacingAddress} (or 0.0.0.0) in the settings.`,
    };
  }
  const spec = protocolSpec(protocol);
  const std = spec.wellKnownPort;
  if (spec.portInUrl) {
    return { id, title, status: 'ok', summary: `The device will connect to ${deviceFacingAddress}:${bound.port} (the port is in the copy URL).`, facts, remedy: firewallHint(protocol, bound.port) };
  }
  if (bound.port !== std && !devicePortMapped) {
    return {
      id,
      title,
      status: 'blocking',
      summary: `The server is on port ${bound.port}, but IOS always uses port ${std} for ${spec.title}.`,
      facts,
      remedy: `Bind port ${std} (on Linux: sysctl net.ipv4.ip_unprivileged_port_start=${std}, or setcap cap_net_bind_service on node), or use an external server.`,
    };
  }
  return {
    id,
    title,
    status: 'ok',
    summary: `The device will connect to ${deviceFacingAddress}:${std}${bound.port !== std ? ` (mapped to ${bound.port})` : ''}.`,
    facts,
    remedy: firewallHint(protocol, std),
  };
}

function firewallHint(protocol: Protocol, port: number): string {
  const spec = protocolSpec(protocol);
  const extra = protocol === 'ftp' ? ' + the passive data ports' : '';
  return `If the copy still times out, check the local firewall (${spec.transport.toUpperCase()} ${port}${extra} for ${spec.title}) and ACLs between the device and this machine.`;
}
