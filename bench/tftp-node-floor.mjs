// The floor for a TFTP server written in JavaScript: a lockstep RRQ loop with no TFTP logic beyond
// answering `blksize` — the whole file in memory, one reused packet buffer, no timers, no events, no
// checks — so what it costs per block is Node's own UDP path. tftp.bench.ts runs it beside our
// server and tftpd-hpa. A measuring stick, not a server: it trusts the client and never retransmits.
// Usage: node bench/tftp-node-floor.mjs FILE [THREADS] [--connected]  (prints "listening on 127.0.0.1:PORT")
// With THREADS, the requests are handed round-robin to that many worker threads, each running the
// same loop — the floor for our transfer threads when many clients fetch at once. With --connected,
// each transfer socket is connected to its client (the kernel's cheaper path, tftpd-hpa's): a stranger
// then gets ICMP instead of ERROR 5, which our server may not do (issue 7), so this row shows what
// that choice would be worth.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const lookup = (host, _options, callback) => callback(null, host, 4);

/** Serves one RRQ from `from` in lockstep, on a socket of its own. */
function serve(file, request, from, connected) {
  const fields = request.subarray(2).toString('latin1').split('\0');
  let blockSize = 512;
  for (let i = 2; i + 1 < fields.length; i += 2) if (fields[i].toLowerCase() === 'blksize') blockSize = Number(fields[i + 1]);
  const negotiated = fields.length > 3;
  const socket = dgram.createSocket({ type: 'udp4', lookup });
  const packet = Buffer.allocUnsafeSlow(4 + blockSize);
  const last = Math.floor(file.length / blockSize) + 1;
  let block = 0;
  // A connected socket takes no address (Node refuses one).
  const toClient = connected ? (datagram) => socket.send(datagram) : (datagram) => socket.send(datagram, from.port, from.address);
  const send = (n) => {
    const offset = (n - 1) * blockSize;
    const length = Math.max(0, Math.min(blockSize, file.length - offset));
    packet.writeUInt16BE(3, 0);
    packet.writeUInt16BE(n & 0xffff, 2);
    file.copy(packet, 4, offset, offset + length);
    toClient(length === blockSize ? packet : packet.subarray(0, 4 + length));
  };
  socket.on('message', (ack) => {
    if (ack.readUInt16BE(0) !== 4 || ack.readUInt16BE(2) !== (block & 0xffff)) return;
    if (block === last) return socket.close();
    send(++block);
  });
  const begin = () => (negotiated ? toClient(Buffer.from(`\0\x06blksize\0${blockSize}\0`, 'latin1')) : send(++block));
  socket.bind(0, '127.0.0.1', () => (connected ? socket.connect(from.port, from.address, begin) : begin()));
}

if (isMainThread) {
  const [path, ...rest] = process.argv.slice(2);
  const connected = rest.includes('--connected');
  const threads = Number(rest.find((a) => a !== '--connected') ?? 0);
  const workers = Array.from({ length: threads }, () => new Worker(new URL(import.meta.url), { workerData: { path, connected } }));
  const file = threads ? undefined : readFileSync(path);
  let next = 0;
  const listener = dgram.createSocket('udp4');
  listener.on('message', (request, from) => {
    if (file) serve(file, request, from, connected);
    else workers[next++ % threads].postMessage({ request, from: { address: from.address, port: from.port } });
  });
  listener.bind(0, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${listener.address().port}`));
} else {
  const file = readFileSync(workerData.path);
  parentPort.on('message', ({ request, from }) => serve(file, Buffer.from(request), from, workerData.connected));
}
