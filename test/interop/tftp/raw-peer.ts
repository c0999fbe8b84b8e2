// A hand-driven UDP peer for the tests that need packets no real client sends: hostile requests,
// a stranger on a transfer port. Every wait is bounded.
import dgram, { type Socket } from 'node:dgram';
import type { TestContext } from 'node:test';
import { decodePacket, encodeAck, type TftpPacket } from '../../../src/engine/tftp/packets';

export interface Received {
  packet: TftpPacket;
  from: { address: string; port: number };
}

export class RawPeer {
  private queue: Received[] = [];
  private waiter: ((r: Received) => void) | undefined;

  private constructor(readonly socket: Socket) {
    socket.on('message', (msg, rinfo) => {
      const d = decodePacket(msg);
      if (!d.ok) return;
      const r = { packet: d.packet, from: { address: rinfo.address, port: rinfo.port } };
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(r);
      } else this.queue.push(r);
    });
  }

  static async open(t: TestContext): Promise<RawPeer> {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    t.after(() => s.close());
    return new RawPeer(s);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(bytes: Buffer, port: number): void {
    this.socket.send(bytes, port, '127.0.0.1');
  }

  next(timeoutMs = 3000): Promise<Received> {
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no packet within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
  }

  /** Resolves true if nothing arrives within `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    try {
      await this.next(ms);
      return false;
    } catch {
      return true;
    }
  }
}

/** A minimal lockstep download (512-byte blocks), tolerant of repeated DATA; returns the bytes. */
export async function rawDownload(peer: RawPeer, serverPort: number, first: Received): Promise<Buffer> {
  const got: Buffer[] = [];
  let expected = 1;
  for (let r = first; ; r = await peer.next()) {
    if (r.packet.op !== 'data') throw new Error(`expected DATA, got ${JSON.stringify(r.packet)}`);
    if (r.from.port === serverPort) throw new Error('DATA from the server port, not a fresh transfer ID');
    peer.socket.send(encodeAck(r.packet.block), r.from.port, r.from.address);
    if (r.packet.block !== (expected & 0xffff)) continue;
    got.push(r.packet.data);
    expected++;
    if (r.packet.data.length < 512) return Buffer.concat(got);
  }
}
