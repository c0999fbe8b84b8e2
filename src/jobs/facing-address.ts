// Which local address faces a device: the source address the routing table picks for it, read by
// "connecting" a UDP socket (no packet is sent). Used when the SSH session does not report its own.
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import net from 'node:net';

export async function resolveAddress(host: string): Promise<string> {
  if (net.isIP(host)) return host;
  return (await lookup(host)).address;
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
