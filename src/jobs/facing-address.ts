// Which local address faces a device: the local end of our SSH connection to it when the session
// knows it (a direct connection — the interface that really faces that device), else the source
// address the routing table picks for it, read by "connecting" a UDP socket (no packet is sent);
// that fallback covers sessions through a jump host, whose TCP connection does not start here.
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';

export async function resolveAddress(host: string): Promise<string> {
  if (net.isIP(host)) return host;
  return (await lookup(host)).address;
}

export type FacingSource = 'ssh' | 'routing' | 'override';

/** The address for the device to reach us on, and where it came from (shown in the pre-flight report). */
export async function facingAddressFor(session: { localAddress?: string } | undefined, deviceAddress: string): Promise<{ address: string; source: FacingSource }> {
  if (session?.localAddress) return { address: session.localAddress, source: 'ssh' };
  return { address: await localAddressFacing(deviceAddress), source: 'routing' };
}

export async function localAddressFacing(remote: string): Promise<string> {
  const address = await resolveAddress(remote);
  const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(9, address, () => resolve());
    });
    return socket.address().address;
  } finally {
    socket.close();
  }
}
