// A UDP proxy that misbehaves on purpose: it drops, duplicates, reorders and delays a chosen share
// of datagrams in each direction (seeded, so a failure can be replayed). It follows TFTP's change
// of port: each client gets its own upstream socket, and replies reach it from a fresh port too.
import dgram, { type Socket } from 'node:dgram';
import { prng } from './prng';

export interface FaultRates {
  /** Each a probability 0–1, drawn independently per datagram. */
  drop: number;
  duplicate: number;
  /** Held back and sent after the next datagram in the same direction (or after maxDelayMs). */
  reorder: number;
  /** Sent after a random 1–maxDelayMs. */
  delay: number;
  maxDelayMs?: number;
}

export interface FaultProxyOptions {
  target: { address: string; port: number };
  toServer: FaultRates;
  toClient: FaultRates;
  seed: number;
  /** Every datagram forwarded this much later, in each direction: a long link (half its round trip). */
  latencyMs?: number;
  /** A chosen datagram to lose on purpose (true drops it; counted as dropped), before the random faults. */
  dropIf?: (msg: Buffer, direction: 'toServer' | 'toClient') => boolean;
}

export interface FaultStats {
  forwarded: number;
  dropped: number;
  duplicated: number;
  reordered: number;
  delayed: number;
  /** Datagrams the server sent (before faults): what a transfer cost in retransmissions. */
  fromServer: number;
}

interface Lane {
  held?: { send: () => void; timer: NodeJS.Timeout };
}

interface ClientLink {
  client: { address: string; port: number };
  upstream: Socket;
  downstream?: Socket;
  serverPort?: number;
  up: Lane;
  down: Lane;
}

export class UdpFaultProxy {
  readonly stats: FaultStats = { forwarded: 0, dropped: 0, duplicated: 0, reordered: 0, delayed: 0, fromServer: 0 };
  private readonly links = new Map<string, ClientLink>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly random: () => number;
  private closed = false;

  private constructor(
    private readonly front: Socket,
    private readonly options: FaultProxyOptions,
  ) {
    this.random = prng(options.seed);
    front.on('message', (msg, rinfo) => this.fromClient(msg, { address: rinfo.address, port: rinfo.port }, undefined));
  }

  static async start(options: FaultProxyOptions): Promise<UdpFaultProxy> {
    const front = dgram.createSocket('udp4');
    await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
    return new UdpFaultProxy(front, options);
  }

  /** Where clients send their requests. */
  get port(): number {
    return this.front.address().port;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    const sockets = [this.front, ...[...this.links.values()].flatMap((l) => [l.upstream, ...(l.downstream ? [l.downstream] : [])])];
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  private fromClient(msg: Buffer, from: { address: string; port: number }, via: Socket | undefined): void {
    const key = `${from.address}|${from.port}`;
    let link = this.links.get(key);
    if (!link) {
      if (via) return;
      const upstream = dgram.createSocket('udp4');
      upstream.bind(0, '127.0.0.1');
      const created: ClientLink = { client: from, upstream, up: {}, down: {} };
      link = created;
      upstream.on('message', (m, rinfo) => this.fromServer(created, m, rinfo.port));
      this.links.set(key, link);
    }
    const l = link;
    // Requests go to the server's port; everything after to the transfer port it answered from.
    const port = via && l.serverPort !== undefined ? l.serverPort : this.options.target.port;
    if (this.options.dropIf?.(msg, 'toServer')) {
      this.stats.dropped++;
      return;
    }
    this.forward(l.up, this.options.toServer, () => this.safeSend(l.upstream, msg, port, this.options.target.address));
  }

  private fromServer(link: ClientLink, msg: Buffer, serverPort: number): void {
    if (link.serverPort === undefined && serverPort !== this.options.target.port) link.serverPort = serverPort;
    if (!link.downstream) {
      // A fresh source port towards the client, as the server's own transfer ID would be.
      const d = dgram.createSocket('udp4');
      d.bind(0, '127.0.0.1');
      d.on('message', (m, rinfo) => this.fromClient(m, { address: rinfo.address, port: rinfo.port }, d));
      link.downstream = d;
    }
    const d = link.downstream;
    this.stats.fromServer++;
    if (this.options.dropIf?.(msg, 'toClient')) {
      this.stats.dropped++;
      return;
    }
    this.forward(link.down, this.options.toClient, () => this.safeSend(d, msg, link.client.port, link.client.address));
  }

  private forward(lane: Lane, rates: FaultRates, send: () => void): void {
    if (this.closed) return;
    const r = this.random;
    if (r() < rates.drop) {
      this.stats.dropped++;
      this.releaseHeld(lane);
      return;
    }
    const copies = r() < rates.duplicate ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    const emit = () => {
      for (let i = 0; i < copies; i++) send();
      this.stats.forwarded++;
    };
    if (r() < rates.delay) {
      this.stats.delayed++;
      this.later(emit, 1 + Math.floor(r() * (rates.maxDelayMs ?? 20)));
      this.releaseHeld(lane);
      return;
    }
    if (this.options.latencyMs && !(r() < rates.reorder && !lane.held)) {
      // A long link: everything arrives late, in order.
      this.later(emit, this.options.latencyMs);
      this.releaseHeld(lane);
      return;
    }
    if (r() < rates.reorder && !lane.held) {
      this.stats.reordered++;
      const timer = this.later(() => {
        if (lane.held?.timer === timer) lane.held = undefined;
        emit();
      }, rates.maxDelayMs ?? 20);
      lane.held = { send: emit, timer };
      return;
    }
    emit();
    this.releaseHeld(lane);
  }

  private releaseHeld(lane: Lane): void {
    const held = lane.held;
    if (!held) return;
    lane.held = undefined;
    clearTimeout(held.timer);
    this.timers.delete(held.timer);
    held.send();
  }

  private later(fn: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private safeSend(s: Socket, msg: Buffer, port: number, address: string): void {
    try {
      s.send(msg, port, address);
    } catch {
      // socket closed under us
    }
  }
}

export function evenFaults(share: number, maxDelayMs = 20): FaultRates {
  return { drop: share, duplicate: share, reorder: share, delay: share, maxDelayMs };
}
