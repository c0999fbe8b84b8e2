// A lab for copy-job tests: the real engine (every protocol of the registry on a free loopback port),
// simulated devices told which of those stand for the well-known ports, SSH sessions with the lab's
// host keys trusted.
import { createHash } from 'node:crypto';
import type { TestContext } from 'node:test';
import { connectDevice, type DeviceSession, MemoryKnownHostsStore } from '../../../src/device';
import { standInPorts, TransferEngine } from '../../../src/engine';
import type { TransferProtocol } from '../../../src/jobs/copy-command';
import type { DeviceSnapshot } from '../../../src/jobs/device-snapshot';
import { gatherSnapshot } from '../../../src/jobs/gather';
import { type EngineServer, runningEngineServer } from '../../../src/jobs';
import { type DeviceFaults, type LabDevice, type Profile, startLab } from '../../../src/lab';
import { type FaultRates, UdpFaultProxy } from '../../helpers/udp-fault-proxy';

export interface JobLab {
  engine: TransferEngine;
  devices: LabDevice[];
  server(protocol?: TransferProtocol): EngineServer;
  open(device: LabDevice): Promise<{ session: DeviceSession; snapshot: DeviceSnapshot }>;
  /** A new session to a device with its host key trusted (what a job reconnects with after a reload). */
  reconnect(device: LabDevice): () => Promise<DeviceSession>;
  /** The lossy path between the devices' TFTP clients and the engine, when one was asked for. */
  tftpProxy?: UdpFaultProxy;
}

export interface JobLabOptions {
  /** Put a misbehaving UDP proxy between the devices' TFTP clients and the engine's TFTP server. */
  tftpFaults?: { toServer: FaultRates; toClient: FaultRates; seed: number };
  /** How long the devices take to reload (Flash Load Helper copies reload twice). */
  reloadMs?: number;
}

export async function startJobLab(t: TestContext, profiles: (string | Profile)[], faults?: DeviceFaults, options: JobLabOptions = {}): Promise<JobLab> {
  const engine = new TransferEngine();
  t.after(() => engine.close());
  const bound = await engine.startAll(() => 0);
  let tftpProxy: UdpFaultProxy | undefined;
  if (options.tftpFaults) {
    const proxy = await UdpFaultProxy.start({ target: { address: '127.0.0.1', port: bound.tftp.port }, ...options.tftpFaults });
    t.after(() => proxy.close());
    tftpProxy = proxy;
  }
  const lab = await startLab({ profiles, ports: { ...standInPorts(bound), ...(tftpProxy ? { tftp: tftpProxy.port } : {}) }, ...(faults ? { faults } : {}), ...(options.reloadMs ? { reloadMs: options.reloadMs } : {}) });
  t.after(() => lab.close());
  const sessions = await labSessions(t, lab.devices);
  return {
    engine,
    devices: lab.devices,
    ...(tftpProxy ? { tftpProxy } : {}),
    // Every protocol's server runs; the argument names the one a test means (the job takes it from its request).
    server: (_protocol?: TransferProtocol) => runningEngineServer(engine, bound, { override: '127.0.0.1', portsMapped: true }),
    open: sessions.open,
    reconnect: sessions.reconnect,
  };
}

/**
 * Opens SSH sessions to lab devices (their host keys trusted, as the privileged user where the
 * profile has one) with the snapshot a job starts from; each session closes when the test ends.
 */
export async function labSessions(
  t: TestContext,
  devices: LabDevice[],
): Promise<{ open: (d: LabDevice) => Promise<{ session: DeviceSession; snapshot: DeviceSnapshot }>; reconnect: (d: LabDevice) => () => Promise<DeviceSession> }> {
  const store = new MemoryKnownHostsStore();
  for (const d of devices) {
    const [type, base64] = d.hostKeyPublic.trim().split(/\s+/);
    await store.add(d.host, d.port, { type, blob: Buffer.from(base64, 'base64') });
  }
  const connect = async (d: LabDevice) => {
    const user = d.privilegedUser ?? { username: d.username, password: d.password };
    const session = await connectDevice({ host: d.host, port: d.port, username: user.username, password: user.password, enableSecret: d.enableSecret, knownHosts: store, commandTimeoutMs: 60_000 });
    t.after(() => session.close());
    return { session, username: user.username };
  };
  return {
    open: async (d) => {
      const { session, username } = await connect(d);
      return { session, snapshot: await gatherSnapshot(session, username) };
    },
    reconnect: (d) => async () => (await connect(d)).session,
  };
}

/** MD5 of a file in a lab device's simulated flash, or undefined when it is not there. */
export async function flashMd5(d: LabDevice, fileSystem: string, name: string): Promise<string | undefined> {
  const fs = d.fileSystem(fileSystem);
  if (!fs?.get(name)) return undefined;
  const hash = createHash('md5');
  for await (const chunk of fs.read(name)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function flashNames(d: LabDevice, fileSystem: string): string[] {
  return (d.fileSystem(fileSystem)?.list() ?? []).map((f) => f.name).sort();
}
