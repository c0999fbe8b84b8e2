// A push of a large image to a lab device 20 ms of round trip away, over each protocol: the job as
// the CLI runs it (pre-flight, copy, no verify), the device's SSH session, its TFTP (a UDP proxy with
// latency) and its FTP, RCP and HTTP connections (a TCP proxy that holds IOS's 4128-byte receive
// window: one window per round trip) all behind the same delay. Prints the time each copy took next
// to the job's own estimate. The default size is the 200 MB, which takes hours at these
// rates (that is the point): PUSH_BENCH_MB, PUSH_BENCH_PROTOCOLS (tftp,tftp8192,ftp,rcp,http) and
// PUSH_BENCH_RTT_MS change it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDevice, MemoryKnownHostsStore } from '../src/device';
import { type Protocol, protocolSpec, standInPorts, TransferEngine } from '../src/engine';
import { assumedIosTcpWindowBytes, type EngineServer, estimate, formatDuration, gatherSnapshot, pushImage, readLocalImage } from '../src/jobs';
import { startLab } from '../src/lab';
import { sampleImages, writeSampleImage } from '../src/lab/sample-image';
import { TcpDelayProxy } from '../test/helpers/tcp-delay-proxy';
import { UdpFaultProxy } from '../test/helpers/udp-fault-proxy';

const MiB = 1024 * 1024;
const sizeBytes = Number(process.env.PUSH_BENCH_MB ?? 200) * MiB;
const rttMs = Number(process.env.PUSH_BENCH_RTT_MS ?? 20);
const cases = (process.env.PUSH_BENCH_PROTOCOLS ?? 'tftp,tftp8192,ftp,rcp,http').split(',');
const none = { drop: 0, duplicate: 0, reorder: 0, delay: 0 };

interface Case {
  label: string;
  protocol: Protocol;
  tftpBlocksize?: number;
}

const known: Record<string, Case> = {
  tftp: { label: 'TFTP, 512-byte blocks (IOS default)', protocol: 'tftp' },
  tftp8192: { label: 'TFTP, ip tftp blocksize 8192', protocol: 'tftp', tftpBlocksize: 8192 },
  ftp: { label: 'FTP', protocol: 'ftp' },
  rcp: { label: 'RCP', protocol: 'rcp' },
  http: { label: 'HTTP', protocol: 'http' },
};

async function main(): Promise<void> {
  const selected = cases.map((c) => known[c] ?? (() => { throw new Error(`unknown case ${c}; known: ${Object.keys(known).join(', ')}`); })());
  const oneWayMs = rttMs / 2;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iim-push-bench-'));
  const engine = new TransferEngine({ log: () => undefined });
  const closers: (() => Promise<unknown>)[] = [() => engine.close()];
  try {
    const servers = await engine.startAll(() => 0);
    const udp = await UdpFaultProxy.start({ target: { address: '127.0.0.1', port: servers.tftp.port }, toServer: none, toClient: none, seed: 1, latencyMs: oneWayMs });
    closers.push(() => udp.close());
    const tcp = async (port: number, windowBytes?: number, ftp = false) => {
      const p = await TcpDelayProxy.start({ target: { host: '127.0.0.1', port }, oneWayDelayMs: oneWayMs, ...(windowBytes ? { windowBytes } : {}), ftp });
      closers.push(() => p.close());
      return p;
    };
    const ftp = await tcp(servers.ftp.port, assumedIosTcpWindowBytes, true);
    const rcp = await tcp(servers.rcp.port, assumedIosTcpWindowBytes);
    const http = await tcp(servers.http.port, assumedIosTcpWindowBytes);
    // A lab device with flash for the image (the ISR 4331's bootflash is large).
    const lab = await startLab({ profiles: ['isr4331'], ports: { ...standInPorts(servers), tftp: udp.port, ftp: ftp.port, rcp: rcp.port } });
    closers.unshift(() => lab.close());
    const [device] = lab.devices;
    const ssh = await tcp(device.port);
    const store = new MemoryKnownHostsStore();
    const [type, base64] = device.hostKeyPublic.trim().split(/\s+/);
    await store.add('127.0.0.1', ssh.port, { type, blob: Buffer.from(base64, 'base64') });
    const user = device.privilegedUser!;
    const session = await connectDevice({ host: '127.0.0.1', port: ssh.port, username: user.username, password: user.password, knownHosts: store, commandTimeoutMs: 24 * 3600_000 });
    closers.unshift(async () => session.close());
    const snapshot = await gatherSnapshot(session, user.username);
    const server: EngineServer = { kind: 'engine', engine, server: async (p) => ({ address: '127.0.0.1', port: p === 'http' ? http.port : servers[p].port }), override: '127.0.0.1', portsMapped: true };

    console.log(`Push of ${(sizeBytes / MiB).toFixed(0)} MB to a lab ISR 4331 with ${rttMs} ms of added round trip (IOS TCP window ${assumedIosTcpWindowBytes} bytes):`);
    const rows: string[] = [];
    for (const [i, c] of selected.entries()) {
      const image = await writeSampleImage(dir, { ...sampleImages.isr4331, name: `isr4300-universalk9.17.${String(i + 10)}.01.SPA.bin` }, sizeBytes, i + 1);
      const local = await readLocalImage(image.path);
      const expected = estimate(c.protocol, { sizeBytes, roundTripMs: rttMs, tftpBlockBytes: c.tftpBlocksize ?? 512, tcpWindowBytes: assumedIosTcpWindowBytes });
      console.log(`  ${c.label}: starting (estimated ${formatDuration(expected.seconds)})`);
      const started = Date.now();
      const result = await pushImage(session, snapshot, { protocol: c.protocol, local, server, verify: false, ...(c.tftpBlocksize ? { tftpBlocksize: c.tftpBlocksize } : {}) });
      const tookSeconds = (Date.now() - started) / 1000;
      if (result.outcome.status !== 'succeeded') throw new Error(`${c.label}: ${result.outcome.message}`);
      const measuredRtt = result.plan.snapshot.roundTrip?.ms;
      const fromMeasured = measuredRtt === undefined ? undefined : estimate(c.protocol, { sizeBytes, roundTripMs: measuredRtt, tftpBlockBytes: c.tftpBlocksize ?? 512, tcpWindowBytes: assumedIosTcpWindowBytes }).seconds;
      const copySeconds = result.outcome.seconds;
      const row = `  ${c.label.padEnd(36)} ${formatDuration(copySeconds).padStart(12)}   (job ${formatDuration(tookSeconds)}; estimate ${fromMeasured === undefined ? '?' : formatDuration(fromMeasured)} at the measured ${measuredRtt?.toFixed(1) ?? '?'} ms; ${(sizeBytes / copySeconds / 1e6).toFixed(2)} MB/s)`;
      console.log(row);
      rows.push(row);
      device.fileSystem('bootflash:')?.delete(local.name);
      rmSync(image.path, { force: true });
    }
    console.log(`\n  protocol (${protocolSpec('http').title} on a free port named in the URL; the others on ports the lab maps)    copy time`);
    for (const r of rows) console.log(r);
    console.log(`  load average while measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  } finally {
    for (const close of closers) await close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
