// The duration estimates against copies over a long link: the lab device sits 20 ms of round trip
// away — its SSH session, its TFTP (a UDP proxy with latency) and its RCP and HTTP connections (a TCP
// proxy that also holds IOS's 4128-byte receive window to one window per round trip). The job
// measures the round trip on the SSH session; each protocol's estimate from it must be within a
// factor of two of the time the copy took (FTP's data connections cross the link too: the proxy
// rewrites its PASV replies). What is compared is emulated latency, which dwarfs the machine's own
// work at these sizes: about 100 round trips against milliseconds of processing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectDevice, MemoryKnownHostsStore } from '../../../src/device';
import { type Protocol, standInPorts, TransferEngine } from '../../../src/engine';
import { assumedIosTcpWindowBytes, type EngineServer, estimate, gatherSnapshot, pushImage, readLocalImage } from '../../../src/jobs';
import { startLab } from '../../../src/lab';
import { sampleImages, writeSampleImage } from '../../../src/lab/sample-image';
import { TcpDelayProxy } from '../../helpers/tcp-delay-proxy';
import { tempDir } from '../../helpers/temp-dir';
import { UdpFaultProxy } from '../../helpers/udp-fault-proxy';
import { flashMd5 } from './job-lab';

const oneWayMs = 10;
const none = { drop: 0, duplicate: 0, reorder: 0, delay: 0 };

test('each estimate is within a factor of two of the copy it predicts, 20 ms of round trip away (TFTP, FTP, RCP, HTTP)', { timeout: 180_000 }, async (t) => {
  const engine = new TransferEngine({ log: () => undefined });
  t.after(() => engine.close());
  const servers = await engine.startAll(() => 0);
  const udp = await UdpFaultProxy.start({ target: { address: '127.0.0.1', port: servers.tftp.port }, toServer: none, toClient: none, seed: 1, latencyMs: oneWayMs });
  t.after(() => udp.close());
  const tcp = async (port: number, windowBytes?: number, ftp = false) => {
    const p = await TcpDelayProxy.start({ target: { host: '127.0.0.1', port }, oneWayDelayMs: oneWayMs, ...(windowBytes ? { windowBytes } : {}), ftp });
    t.after(() => p.close());
    return p;
  };
  const rcp = await tcp(servers.rcp.port, assumedIosTcpWindowBytes);
  const ftp = await tcp(servers.ftp.port, assumedIosTcpWindowBytes, true);
  const http = await tcp(servers.http.port, assumedIosTcpWindowBytes);
  const lab = await startLab({ profiles: ['isr4331'], ports: { ...standInPorts(servers), tftp: udp.port, ftp: ftp.port, rcp: rcp.port } });
  t.after(() => lab.close());
  const [device] = lab.devices;
  const ssh = await tcp(device.port);
  const store = new MemoryKnownHostsStore();
  const [type, base64] = device.hostKeyPublic.trim().split(/\s+/);
  await store.add('127.0.0.1', ssh.port, { type, blob: Buffer.from(base64, 'base64') });
  const user = device.privilegedUser!;
  const session = await connectDevice({ host: '127.0.0.1', port: ssh.port, username: user.username, password: user.password, knownHosts: store, commandTimeoutMs: 120_000 });
  t.after(() => session.close());
  const snapshot = await gatherSnapshot(session, user.username);
  // The device reaches HTTP through the delaying proxy: that is the port its URL names.
  const server: EngineServer = {
    kind: 'engine',
    engine,
    server: async (p) => ({ address: '127.0.0.1', port: p === 'http' ? http.port : servers[p].port }),
    override: '127.0.0.1',
    portsMapped: true,
  };
  const dir = tempDir(t);
  const sizes: [Protocol, number][] = [
    ['tftp', 48 * 1024],
    ['ftp', 400 * 1024],
    ['rcp', 400 * 1024],
    ['http', 400 * 1024],
  ];
  for (const [i, [protocol, size]] of sizes.entries()) {
    const image = await writeSampleImage(dir, { ...sampleImages.isr4331, name: `isr4300-universalk9.17.0${i + 1}.01.SPA.bin` }, size, i + 1);
    const local = await readLocalImage(image.path);
    const result = await pushImage(session, snapshot, { protocol, local, server, verify: false });
    assert.equal(result.outcome.status, 'succeeded', `${protocol}: ${result.outcome.message}`);
    assert.equal(await flashMd5(device, 'bootflash:', local.name), image.md5);
    const rtt = result.plan.snapshot.roundTrip;
    assert.ok(rtt, 'the round trip was measured');
    assert.ok(rtt.ms >= 1.8 * oneWayMs, `the SSH round trip crosses the proxy: ${rtt.ms.toFixed(1)} ms`);
    const predicted = estimate(protocol, { sizeBytes: size, roundTripMs: rtt.ms, tftpBlockBytes: 512, tcpWindowBytes: assumedIosTcpWindowBytes }).seconds;
    const measured = result.outcome.status === 'succeeded' ? result.outcome.seconds : NaN;
    const ratio = measured / predicted;
    t.diagnostic(`${protocol}: ${size} bytes, round trip ${rtt.ms.toFixed(1)} ms, estimated ${predicted.toFixed(2)} s, took ${measured.toFixed(2)} s (×${ratio.toFixed(2)})`);
    assert.ok(ratio >= 0.5 && ratio <= 2, `${protocol}: the estimate ${predicted.toFixed(2)} s is within a factor of two of ${measured.toFixed(2)} s`);
    const shown = result.checks.find((c) => c.id === 'protocol');
    assert.ok(shown?.facts.some((f) => f.startsWith(`${protocol.toUpperCase()}: about `)), 'the pre-flight report shows the estimate');
  }
});
