// A TCP proxy that behaves like a long link to a device with a small TCP receive window: every byte
// takes `oneWayDelayMs` to cross in either direction, and towards the client (the device) at most
// `windowBytes` are in flight — sent but not yet acknowledged, an acknowledgement coming back one
// delay after the data arrives. So a bulk transfer towards the client moves one window per round
// trip, as it does to an IOS that advertises a window of that size. With `ftp`, the control
// connection's `227 Entering Passive Mode` replies are rewritten to a data proxy of the same kind, so
// FTP's data connections cross the same link. Loopback only; for tests and benchmarks (tc netem is
// not available everywhere).
import net from 'node:net';

export interface TcpDelayProxyOptions {
  target: { host: string; port: number };
  oneWayDelayMs: number;
  /** The client's receive window; Infinity (default) for a delay without a window limit. */
  windowBytes?: number;
  /** An FTP control connection: its passive data connections go through proxies of their own. */
  ftp?: boolean;
}

/** Most bytes read from the server and not yet sent on, before the proxy stops reading (flat memory). */
const maxQueuedBytes = 1024 * 1024;

export class TcpDelayProxy {
  private readonly pairs = new Set<{ client: net.Socket; server: net.Socket }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly children = new Set<TcpDelayProxy>();
  private closed = false;

  private constructor(
    private readonly front: net.Server,
    private readonly o: TcpDelayProxyOptions,
  ) {
    front.on('connection', (client) => this.accept(client));
  }

  static async start(o: TcpDelayProxyOptions): Promise<TcpDelayProxy> {
    const front = net.createServer({ noDelay: true });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', () => resolve()));
    return new TcpDelayProxy(front, o);
  }

  get port(): number {
    return (this.front.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    await Promise.all([...this.children].map((c) => c.close()));
    for (const p of this.pairs) {
      p.client.destroy();
      p.server.destroy();
    }
    await new Promise<void>((resolve) => this.front.close(() => resolve()));
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
  }

  private accept(client: net.Socket): void {
    const server = net.connect({ host: this.o.target.host, port: this.o.target.port, noDelay: true });
    client.setNoDelay(true);
    const pair = { client, server };
    this.pairs.add(pair);
    const end = () => {
      client.destroy();
      server.destroy();
      this.pairs.delete(pair);
    };
    client.on('error', end);
    server.on('error', end);
    // Half-closes travel with the same delay as the data before them.
    client.on('end', () => this.later(() => server.end(), this.o.oneWayDelayMs));
    // The client going away ends both at once; the server going away only after what it sent is through.
    client.on('close', () => this.later(end, this.o.oneWayDelayMs * 2));
    // Towards the server: requests and acknowledgements, small; only delayed.
    client.on('data', (chunk: Buffer) => this.later(() => server.writable && server.write(chunk), this.o.oneWayDelayMs));
    // Towards the client: delayed, and no more than a window in flight.
    const window = this.o.windowBytes ?? Infinity;
    const queue: Buffer[] = [];
    let queued = 0;
    let credit = window;
    let serverEnded = false;
    let ending = false;
    const pump = () => {
      while (credit > 0 && queue.length) {
        const head = queue[0]!;
        const n = Math.min(head.length, credit === Infinity ? head.length : credit);
        const piece = head.subarray(0, n);
        if (n === head.length) queue.shift();
        else queue[0] = head.subarray(n);
        queued -= n;
        credit -= n;
        this.later(() => client.writable && client.write(piece), this.o.oneWayDelayMs);
        // The acknowledgement of this piece is back one more delay later: the window opens again.
        this.later(() => {
          credit += n;
          pump();
        }, 2 * this.o.oneWayDelayMs);
      }
      if (queued < maxQueuedBytes && server.isPaused()) server.resume();
      if (serverEnded && queue.length === 0 && !ending) {
        ending = true;
        this.later(() => client.end(), this.o.oneWayDelayMs);
        this.later(end, this.o.oneWayDelayMs * 3);
      }
    };
    const enqueue = (chunk: Buffer) => {
      queue.push(chunk);
      queued += chunk.length;
      if (queued >= maxQueuedBytes) server.pause();
      pump();
    };
    server.on('data', (chunk: Buffer) => {
      if (!this.o.ftp) return enqueue(chunk);
      // `227 Entering Passive Mode (127,0,0,1,p1,p2)`: the data connection goes through a proxy too.
      const text = chunk.toString('latin1');
      const m = /^227 .*\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/m.exec(text);
      if (!m) return enqueue(chunk);
      server.pause();
      const port = Number(m[5]) * 256 + Number(m[6]);
      void TcpDelayProxy.start({ ...this.o, ftp: false, target: { host: `${m[1]}.${m[2]}.${m[3]}.${m[4]}`, port } }).then((data) => {
        this.children.add(data);
        const rewritten = text.replace(m[0], m[0].replace(/\(.*\)/, `(127,0,0,1,${data.port >> 8},${data.port & 255})`));
        enqueue(Buffer.from(rewritten, 'latin1'));
        server.resume();
      });
    });
    const serverGone = () => {
      serverEnded = true;
      pump();
    };
    server.on('end', serverGone);
    server.on('close', serverGone);
  }
}
