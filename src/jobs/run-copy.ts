// The copy itself, for the executor: the engine's offer (or upload slot) for exactly this device,
// followed on the engine's event stream (progress, the digest of what was sent or received, refusals
// of the device), and the `copy` command on the device — answered by the plan's rules, with any
// temporary configuration set around it, progress from the device's marks where no engine counts.
import { ConnectionLostError, CopyProgressTracker, type CopyOutput, type DeviceSession, DialogueRefusedError } from '../device';
import { generateIdentity, protocolSpec, type TransferEngine, type TransferEvent } from '../engine';
import { type CopySpec, copyCommand, copyRules, type RemoteEndpoint } from './copy-command';
import type { CopyPlan, CopyStep } from './copy-plan';
import { deviceProgress, eta, type JobEvent } from './job-events';
import type { JobLog } from './job-log';
import { withTemporaryConfig } from './temporary-config';

/** An offer or upload slot of this job, and what the engine has said about it. */
export interface OfferInUse {
  id: string;
  /** The URL's side of it: host, port, path and the one-time login. */
  remote: RemoteEndpoint;
  watch: OfferWatch;
  /** Stops serving it and ends its transfers in flight (a cancelled job). */
  abort(): void;
  withdraw(): void;
  /** Resolves once no transfer of it is in flight. */
  settled(): Promise<void>;
}

export interface OfferWatch {
  finished?: { bytes: number; md5?: string };
  refusals: string[];
  /** A push whose sent digest differs from the local file's: the file changed during the copy. */
  sentDigestMismatch(localMd5: string): string | undefined;
  dispose(): void;
}

/** Offers the local file (push) or opens an upload slot (pull) for exactly this device. */
export function makeOffer(engine: TransferEngine, p: CopyPlan, step: Extract<CopyStep, { kind: 'offer' }>, c: { log: JobLog; emit: (e: JobEvent) => void }): OfferInUse {
  const ep = step.endpoint;
  const login = ep.identity === 'one-time-login' ? generateIdentity() : undefined;
  const identity = login ?? (typeof ep.identity === 'object' ? ep.identity : undefined);
  c.log.addSecret(login?.password);
  // HTTP offers live under a secret folder: the URL is the credential, so the log never shows it.
  const offerName = protocolSpec(ep.protocol).offerName?.(step.name) ?? step.name;
  if (offerName !== step.name) c.log.addSecret(offerName.slice(0, offerName.length - step.name.length - 1));
  const common = { name: offerName, peer: ep.peer, protocols: [ep.protocol], ...(identity ? { identity } : {}) };
  let id: string;
  let name: string;
  if (p.request.kind === 'push') {
    const local = p.request.local;
    // The image was hashed once for the pre-flight checks: the engine reuses that, not a second pass.
    if (local.fileKey && local.digests.sha256) engine.rememberDigests(local.fileKey, { md5: local.digests.md5, sha256: local.digests.sha256 });
    const offer = engine.offerDownload({ ...common, localPath: step.localPath, maxUses: ep.uses });
    ({ id, name } = offer);
    c.log.add('note', `offered ${step.localPath} as '${offer.name}' over ${ep.protocol.toUpperCase()} to ${ep.peer} only`);
  } else {
    const slot = engine.openUploadSlot({ ...common, destPath: step.localPath, maxBytes: step.sizeBytes, maxUses: ep.uses });
    ({ id, name } = slot);
  }
  const remote: RemoteEndpoint = {
    protocol: ep.protocol,
    host: ep.host,
    ...(ep.port !== undefined ? { port: ep.port } : {}),
    path: name,
    ...(login ? { username: login.username, password: login.password } : {}),
    ...(ep.urlUser ? { username: ep.urlUser } : {}),
  };
  return {
    id,
    remote,
    watch: watchOffer(engine, id, step.sizeBytes, p.request.kind, c),
    abort: () => void engine.abortOffer(id, new Error('the job was cancelled')),
    withdraw: () => void engine.withdraw(id),
    settled: () => engine.offerSettled(id),
  };
}

/** Follows the engine's side of one offer: progress, the finished digest, and refusals of the device. */
function watchOffer(engine: TransferEngine, offerId: string, totalBytes: number, kind: 'push' | 'pull', c: { log: JobLog; emit: (e: JobEvent) => void }): OfferWatch {
  const w: OfferWatch = {
    refusals: [],
    sentDigestMismatch: (localMd5) =>
      w.finished?.md5 && w.finished.md5 !== localMd5 ? `the engine sent data whose MD5 ${w.finished.md5} differs from the local file's ${localMd5}: the local file changed during the copy. ` : undefined,
    dispose: () => undefined,
  };
  w.dispose = engine.events.subscribe((e: TransferEvent) => {
    if (e.type === 'refused') {
      w.refusals.push(kind === 'push' ? `${e.protocol} ${e.peer} ${e.file}: ${e.message}` : `${e.peer} ${e.file}: ${e.message}`);
      if (kind === 'push') c.log.add('engine', `refused ${e.peer} ${e.file}: ${e.message}`);
      return;
    }
    if (e.transfer.offerId !== offerId) return;
    if (e.type === 'started' && kind === 'push') c.log.add('engine', `${e.transfer.protocol} transfer started with ${e.transfer.peer}:${e.transfer.peerPort} ${JSON.stringify(e.transfer.options)}`);
    if (e.type === 'progress') c.emit({ type: 'progress', bytes: e.bytes, totalBytes, bytesPerSecond: e.bytesPerSecond, etaSeconds: eta(e.bytes, totalBytes, e.bytesPerSecond), source: 'engine' });
    if (e.type === 'finished') {
      w.finished = { bytes: e.bytes, md5: e.md5 };
      // The last progress event can be a block or more short of the end (TFTP reports per window):
      // the card must end at its whole size, pushes and pulls alike.
      c.emit({ type: 'progress', bytes: e.bytes, totalBytes, bytesPerSecond: e.bytesPerSecond, etaSeconds: 0, source: 'engine' });
      if (kind === 'push') c.log.add('engine', `sent ${e.bytes} bytes in ${(e.durationMs / 1000).toFixed(1)} s, md5 ${e.md5 ?? '?'}`);
    }
    if (e.type === 'failed') c.log.add('engine', `${kind === 'push' ? 'transfer' : 'upload'} failed after ${e.bytes} bytes: ${e.reason}`);
  });
  return w;
}

/** How the `copy` command ended. */
export type CopyResult =
  | CopyDone
  | { kind: 'reloading'; started: number }
  | { kind: 'cancelled'; deviceError?: string }
  | { kind: 'refused'; error: DialogueRefusedError }
  | { kind: 'failed'; result: CopyOutput; output: string };

export interface CopyDone {
  kind: 'done';
  bytes: number;
  seconds: number;
  bytesPerSecond?: number;
  result: CopyOutput;
}

/** Runs the plan's `copy` on the device, with its temporary configuration set before and put back after. */
export async function copyOnDevice(
  p: CopyPlan,
  step: Extract<CopyStep, { kind: 'copy' }>,
  state: { session: DeviceSession; offer?: OfferInUse },
  c: { log: JobLog; emit: (e: JobEvent) => void; signal?: AbortSignal },
): Promise<CopyResult> {
  const session = state.session;
  const remote = step.remote.kind === 'offer' ? state.offer!.remote : step.remote.remote;
  if (step.remote.kind === 'external') c.log.addSecret(remote.password);
  const spec: CopySpec = step.direction === 'to-device' ? { direction: 'to-device', source: remote, fileSystem: step.fileSystem, name: step.name } : { direction: 'from-device', fileSystem: step.fileSystem, name: step.name, destination: remote };
  const engineCounts = step.remote.kind === 'offer';
  const totalBytes = step.sizeBytes;
  return withTemporaryConfig(session, step.temporaryConfig, c.log, c.emit, async (): Promise<CopyResult> => {
    c.emit({ type: 'phase', phase: 'copying' });
    const tracker = new CopyProgressTracker();
    const command = copyCommand(spec);
    c.log.add('sent', command);
    const started = Date.now();
    let output: string;
    let flhNoticeSeen = false;
    try {
      output = await session.run(command, {
        rules: copyRules(spec, new Set(p.request.confirmations), step.rcpUsername),
        timeoutMs: step.timeoutMs,
        silenceTimeoutMs: step.silenceTimeoutMs,
        onOutput: (text) => {
          if (/Flash load helper/i.test(text)) flhNoticeSeen = true;
          c.log.add('received', text.replace(/\n$/, ''));
          c.emit({ type: 'device-output', text });
          const snap = tracker.push(text);
          const marked = engineCounts ? undefined : deviceProgress.marks(snap.marks['!'], step.markBytes, totalBytes);
          if (marked) c.emit(marked);
        },
      });
    } catch (err) {
      // Cancel closes the session under the running copy, so the run usually ends here, as a
      // dropped connection: report the cancel and the file it may have left, not a lost session.
      if (c.signal?.aborted) return { kind: 'cancelled', ...(tracker.snapshot().error ? { deviceError: tracker.snapshot().error!.message } : {}) };
      // The Flash Load Helper announced itself and the session dropped: the device is reloading into
      // its boot ROM image, as the pre-flight report said it would.
      if (step.reloads && flhNoticeSeen && err instanceof ConnectionLostError && !tracker.snapshot().error) return { kind: 'reloading', started };
      if (err instanceof DialogueRefusedError) return { kind: 'refused', error: err };
      throw err;
    }
    // Before finish(): a cancelled copy's output has no closing line, which finish() rejects.
    if (c.signal?.aborted) return { kind: 'cancelled', ...(tracker.snapshot().error ? { deviceError: tracker.snapshot().error!.message } : {}) };
    const result = tracker.finish();
    if (!result.succeeded) return { kind: 'failed', result, output };
    const seconds = (Date.now() - started) / 1000;
    return { kind: 'done', bytes: result.copiedBytes ?? result.okBytes ?? totalBytes, seconds, ...(result.bytesPerSecond ? { bytesPerSecond: result.bytesPerSecond } : {}), result };
  });
}
