// Peer addresses as sockets report them, normalised so that "::ffff:10.0.0.1" and "10.0.0.1" are
// the same device (dual-stack sockets report IPv4 peers in the mapped form).
import net from 'node:net';

export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped ? mapped[1] : address;
  return net.isIPv6(plain) ? plain.toLowerCase() : plain;
}

export function sameAddress(a: string, b: string): boolean {
  return normalizeAddress(a) === normalizeAddress(b);
}
