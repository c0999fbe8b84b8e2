// A push or a pull in one call, for the UI, the CLI and tests: the facts a plan needs are read (the
// round trip to the device, where the device reaches the engine, the local destination), the plan is
// made, and the one executor carries it out. Callers pass a session, the device's snapshot and what
// the user asked for; nothing here knows about VS Code or the command line.
import { stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { DeviceSession } from '../device';
import { allProtocols, type Protocol } from '../engine';
import { type CopySnapshot, plan, type ProtocolChoice, type PullRequest, type PushRequest, type ServerChoice } from './copy-plan';
import { type ConfirmationSource, type JobResult, run, type RunOptions } from './copy-run';
import type { DeviceSnapshot } from './device-snapshot';
import { reachEngine } from './engine-reach';
import type { ReloadTiming } from './flash-load-helper';
import type { JobListener } from './job-events';
import type { LocalImage } from './local-image';
import { pullLocalPath } from './plan-pull';
import { measureRoundTrip } from './round-trip';
import type { SetBootPlan } from './set-boot';

interface CommonOptions {
  protocol: ProtocolChoice;
  server: ServerChoice;
  /** `verify /md5` (default true). */
  verify?: boolean;
  signal?: AbortSignal;
  onEvent?: JobListener;
  /**
   * The device's host name or address as the session was opened to it: where its own address is
   * looked up when the session cannot say (through a jump host).
   */
  deviceHost?: string;
  /** Measure the round trip for the estimates (default true). */
  measureRoundTrip?: boolean;
}

export interface PushOptions extends CommonOptions {
  local: LocalImage;
  destination?: string;
  confirmations?: ConfirmationSource;
  erase?: boolean;
  tftpBlocksize?: number;
  rcpUrlUser?: string;
  afterwards?: { setBoot?: boolean; confirmSetBoot?: (plan: SetBootPlan) => Promise<boolean> };
  reconnect?: () => Promise<DeviceSession>;
  reload?: Partial<ReloadTiming>;
  headroom?: number;
}

export interface PullOptions extends CommonOptions {
  deviceFile: string;
  localDir: string;
  localName?: string;
}

/** The facts every copy plan starts from: the device, the round trip, and where it reaches the engine. */
async function snapshotFor(session: DeviceSession, device: DeviceSnapshot, o: CommonOptions): Promise<CopySnapshot> {
  const snapshot: CopySnapshot = { device };
  if (o.server.kind === 'engine') {
    // auto weighs every protocol; a named one needs only its own server.
    const protocols: Protocol[] = o.protocol === 'auto' ? allProtocols().map((p) => p.name) : [o.protocol];
    const host = o.deviceHost ?? session.remoteAddress;
    if (!host) throw new Error(`the address of ${device.hostname} is not known: the session cannot say it, and no host was given`);
    snapshot.reach = await reachEngine(o.server, { ...(session.localAddress ? { localAddress: session.localAddress } : {}), ...(session.remoteAddress ? { remoteAddress: session.remoteAddress } : {}) }, host, protocols);
    if (o.measureRoundTrip !== false) {
      const rtt = await measureRoundTrip(session);
      if (rtt.roundTrip) snapshot.roundTrip = rtt.roundTrip;
      if (rtt.problem) snapshot.roundTripProblem = rtt.problem;
    }
  }
  return snapshot;
}

const engineOf = (server: ServerChoice) => (server.kind === 'engine' ? server.engine : undefined);
const requestServer = (server: ServerChoice): PushRequest['server'] => (server.kind === 'engine' ? { kind: 'engine' } : server);

export async function pushImage(session: DeviceSession, device: DeviceSnapshot, o: PushOptions): Promise<JobResult> {
  o.onEvent?.({ type: 'phase', phase: 'preflight' });
  const snapshot = await snapshotFor(session, device, o);
  const request: PushRequest = {
    kind: 'push',
    protocol: o.protocol,
    server: requestServer(o.server),
    confirmations: [],
    local: o.local,
    ...(o.destination ? { destination: o.destination } : {}),
    ...(o.erase ? { erase: true } : {}),
    ...(o.tftpBlocksize ? { tftpBlocksize: o.tftpBlocksize } : {}),
    ...(o.rcpUrlUser ? { rcpUrlUser: o.rcpUrlUser } : {}),
    ...(o.verify === false ? { verify: false } : {}),
    ...(o.afterwards?.setBoot ? { setBoot: true } : {}),
    canReconnect: o.reconnect !== undefined,
    ...(o.reload ? { reload: o.reload } : {}),
    ...(o.headroom !== undefined ? { headroom: o.headroom } : {}),
  };
  const opts: RunOptions = { ...(o.signal ? { signal: o.signal } : {}), ...(o.onEvent ? { onEvent: o.onEvent } : {}), ...(o.reconnect ? { reconnect: o.reconnect } : {}), ...(o.afterwards?.confirmSetBoot ? { confirmSetBoot: o.afterwards.confirmSetBoot } : {}) };
  return run(plan(snapshot, request), session, engineOf(o.server), o.confirmations ?? [], opts);
}

export async function pullFile(session: DeviceSession, device: DeviceSnapshot, o: PullOptions): Promise<JobResult & { localPath: string }> {
  o.onEvent?.({ type: 'phase', phase: 'preflight' });
  const snapshot = await snapshotFor(session, device, o);
  const request: PullRequest = {
    kind: 'pull',
    protocol: o.protocol,
    server: requestServer(o.server),
    confirmations: [],
    deviceFile: o.deviceFile,
    localDir: o.localDir,
    ...(o.localName ? { localName: o.localName } : {}),
    ...(o.verify === false ? { verify: false } : {}),
  };
  if (o.server.kind === 'engine') {
    const localPath = pullLocalPath(request);
    const exists = await stat(localPath).then(
      () => true,
      () => false,
    );
    const space = await statfs(path.dirname(localPath)).catch(() => undefined);
    snapshot.localDestination = { path: localPath, exists, ...(space ? { freeBytes: space.bavail * space.bsize } : {}) };
  }
  const result = await run(plan(snapshot, request), session, engineOf(o.server), [], { ...(o.signal ? { signal: o.signal } : {}), ...(o.onEvent ? { onEvent: o.onEvent } : {}) });
  return { ...result, localPath: result.localPath ?? pullLocalPath(request) };
}
