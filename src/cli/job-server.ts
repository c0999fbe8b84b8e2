// The server a CLI job uses: the bundled engine, bound on the address that faces the device (the
// local end of the SSH session, else the routing table's choice, else --bind; one server, for the
// job's protocol), or the external server named with --server.
import type { TransferEngine } from '../engine';
import type { TransferProtocol } from '../jobs/copy-command';
import { facingAddressFor, resolveAddress } from '../jobs/facing-address';
import type { EngineServer, ExternalServer } from '../jobs/push';
import type { ParsedArgs } from './command';
import { parseEnginePorts } from './engine-ports';

export async function jobServer(
  command: string,
  args: ParsedArgs,
  engine: TransferEngine,
  protocol: TransferProtocol,
  deviceHost: string,
  session?: { localAddress?: string },
): Promise<EngineServer | ExternalServer> {
  if (typeof args.values.server === 'string') return { kind: 'external', host: args.values.server };
  const { ports, mapped } = parseEnginePorts(command, args.values['engine-ports']);
  const devicePeerAddress = await resolveAddress(deviceHost);
  const facing = typeof args.values.bind === 'string' ? { address: args.values.bind, source: 'override' as const } : await facingAddressFor(session, devicePeerAddress);
  const deviceFacingAddress = facing.address;
  const s = await engine.start(protocol, { port: ports[protocol], bind: deviceFacingAddress });
  return { kind: 'engine', engine, deviceFacingAddress, facingSource: facing.source, devicePeerAddress, bound: { [protocol]: { address: s.address, port: s.port } }, portsMapped: mapped };
}
