// What a copy's result means, in the words the outcome gives a person: a failure says what the device
// printed and what it leaves behind (an erased Class B flash, a partial file on someone's server); a
// push is judged by `verify /md5` against the local digest — or, after the Flash Load Helper, by what
// the device runs and holds once it is back; a pull by the digest of what arrived.
import type { DeviceSession } from '../device';
import type { CopyPlan, CopyStep, PushRequest } from './copy-plan';
import { normalizeDevicePath } from './device-snapshot';
import { notBackMessage, problemAfterReload, readDeviceAfterReload, waitForDevice } from './flash-load-helper';
import { deviceProgress, type JobEvent, type JobOutcome } from './job-events';
import type { JobLog } from './job-log';
import type { CopyDone, CopyResult, OfferInUse } from './run-copy';
import type { Done } from './run-set-boot';
import { verifyOnDevice } from './verify';

export type { CopyDone } from './run-copy';

type CopyStepOf = Extract<CopyStep, { kind: 'copy' }>;

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1) ?? 'no output';
}

/** A copy that did not complete: cancelled, a question the plan does not answer, or the device's error. */
export function copyFailure(p: CopyPlan, step: CopyStepOf, r: Exclude<CopyResult, CopyDone | { kind: 'reloading' }>, offer: OfferInUse | undefined): JobOutcome {
  const host = p.snapshot.device.hostname;
  const remote = step.remote.kind === 'offer' ? offer!.remote : step.remote.remote;
  if (p.request.kind === 'push') {
    const fs = p.fileSystem!;
    switch (r.kind) {
      case 'cancelled':
        return {
          status: 'cancelled',
          message: `cancelled during the copy; ${r.deviceError ? `${host} said: ${r.deviceError}` : `the SSH session to ${host} was closed to end its copy`}. ${p.target} may be incomplete — check it before any reload.`,
        };
      case 'refused':
        return { status: 'failed', message: `${host} asked a question the plan does not allow answering yes to (${r.error.message}); the copy was stopped and nothing was confirmed.` };
      case 'failed': {
        const refused = offer?.watch.refusals.at(-1);
        const cause = r.result.error?.message ?? lastLine(r.output);
        // Class B: whether the failed copy had already erased the file system (the dialogue says so).
        const erasedNote = !(fs.eraseBeforeCopy || p.request.erase)
          ? ''
          : r.result.erased
            ? ` ${fs.name} WAS ERASED before the copy failed: ${host} has no image in it — do not reload it; copy an image again first.`
            : ` Nothing was erased: ${fs.name} on ${host} is as it was.`;
        return { status: 'failed', message: `${host} could not copy ${remote.path}: ${cause}${refused ? ` (the engine refused the device: ${refused})` : ''}.${erasedNote}`, ...(r.result.error?.cause ? { cause: r.result.error.cause } : {}) };
      }
    }
  }
  const source = `${step.fileSystem}${step.name}`;
  switch (r.kind) {
    case 'cancelled':
      // The engine discards a partial upload; an external server keeps whatever it was sent.
      return { status: 'cancelled', message: offer ? `cancelled; nothing was written to ${p.target}` : `cancelled during the copy; ${remote.host} may hold a partial ${remote.path} — delete it there, it is not the whole ${source}` };
    case 'refused':
      return { status: 'failed', message: `${host} asked something the plan does not answer: ${r.error.message}` };
    case 'failed': {
      const refusals = offer?.watch.refusals ?? [];
      return { status: 'failed', message: `${host} could not send ${source}: ${r.result.error?.message ?? 'no success line in its output'}${refusals.length ? ` (the engine refused: ${refusals.at(-1)})` : ''}`, ...(r.result.error?.cause ? { cause: r.result.error.cause } : {}) };
    }
  }
}

/** A pull the device says it completed: what arrived against the device's own `verify /md5`. */
export function pullOutcome(p: CopyPlan, step: CopyStepOf, copied: CopyDone, offer: OfferInUse | undefined, deviceMd5: string | undefined, emit: (e: JobEvent) => void): JobOutcome {
  const source = `${step.fileSystem}${step.name}`;
  const host = p.snapshot.device.hostname;
  if (!offer) {
    const remote = (step.remote as Extract<CopyStepOf['remote'], { kind: 'external' }>).remote;
    emit(deviceProgress.end(copied.bytes, step.sizeBytes, copied.bytesPerSecond));
    const compare = deviceMd5 ? `; the device's verify /md5 gave ${deviceMd5} — compare the file there with it` : '';
    return { status: 'succeeded', bytes: copied.bytes, md5: deviceMd5 ?? '', seconds: copied.seconds, verified: false, message: `${source} sent to ${remote.host} as ${remote.path} (external server: not verified here${compare})` };
  }
  const received = offer.watch.finished;
  if (!received) return { status: 'failed', message: `${host} says the copy succeeded, but the engine received no complete file` };
  if (deviceMd5 && received.md5 !== deviceMd5) {
    return { status: 'failed', message: `received ${received.bytes} bytes with MD5 ${received.md5}, but the device's verify /md5 says ${deviceMd5}: ${p.target} is corrupt; delete it and copy again.` };
  }
  return {
    status: 'succeeded',
    bytes: received.bytes,
    md5: received.md5 ?? '',
    seconds: copied.seconds,
    verified: deviceMd5 !== undefined,
    message: `${source} from ${host} saved as ${p.target}${deviceMd5 ? ` (MD5 ${deviceMd5} matches the device)` : ' (this IOS has no verify /md5: not hash-verified)'}`,
  };
}

/** After the Flash Load Helper's reloads: the new session and the copy as the device holds it (verify may follow). */
export type Reloaded = { status: 'reloaded'; session: DeviceSession; outcome: Extract<JobOutcome, { status: 'succeeded' }>; how: string };

/** The session dropped as the Flash Load Helper reloaded the device: wait, reconnect, judge the copy by name and size. */
export async function afterReload(
  p: CopyPlan,
  step: Extract<CopyStep, { kind: 'await-reload' }>,
  state: { session: DeviceSession; copiedStartedAt?: number; offer?: OfferInUse },
  c: { log: JobLog; emit: (e: JobEvent) => void; reconnect?: () => Promise<DeviceSession>; signal?: AbortSignal },
): Promise<Reloaded | JobOutcome> {
  const r = p.request as PushRequest;
  const host = p.snapshot.device.hostname;
  const fs = p.fileSystem!;
  const target = p.target;
  const name = target.slice(fs.name.length);
  const started = state.copiedStartedAt ?? Date.now();
  if (!c.reconnect) return { status: 'failed', message: `${host} is reloading through the Flash Load Helper and this job cannot reconnect: check ${target} on ${host} when it is back.` };
  c.emit({ type: 'phase', phase: 'reloading' });
  c.log.add('note', `${host} is reloading into its boot ROM image (Flash Load Helper); the SSH session dropped as expected. Waiting up to ${Math.round(step.timing.timeoutMs / 1000)} s for it to come back on the new image.`);
  let current: DeviceSession;
  try {
    current = await waitForDevice({ device: host, reconnect: c.reconnect, hostKeyFingerprint: state.session.facts().hostKey.fingerprint, timing: step.timing, signal: c.signal, log: c.log });
  } catch (err) {
    if (c.signal?.aborted) {
      return {
        status: 'cancelled',
        message: `cancelled while ${host} reloads through the Flash Load Helper. Its boot ROM image goes on erasing ${fs.name} and loading ${r.local.name}; the offer stays open, so keep this engine running until ${host} is back, and check it from its console.`,
      };
    }
    return { status: 'failed', message: notBackMessage(host, fs.name, err) };
  }
  c.emit({ type: 'phase', phase: 'verifying' });
  const after = await readDeviceAfterReload(current, p.snapshot.device, fs.name, name, c.log, (text) => c.emit({ type: 'device-output', text }));
  const runs = after.snapshot.runningImage;
  const runsNew = runs !== undefined && normalizeDevicePath(runs) === normalizeDevicePath(target);
  const problem = problemAfterReload(after, { host, target, fileSystem: fs.name, sizeBytes: r.local.sizeBytes, runsNew });
  if (problem) {
    current.close();
    return { status: 'failed', message: problem };
  }
  const mismatch = state.offer?.watch.sentDigestMismatch(r.local.digests.md5);
  if (mismatch) {
    current.close();
    return { status: 'failed', message: `${mismatch}${target} on ${host} is not the image you meant.` };
  }
  const held = after.file!;
  const seconds = (Date.now() - started) / 1000;
  const how = `${r.local.name} copied to ${host} ${target} through the Flash Load Helper: ${host} reloaded twice and ${runsNew ? 'runs the new image' : `runs ${runs ?? 'an unnamed image'}, not the new one`}`;
  return {
    status: 'reloaded',
    session: current,
    how,
    outcome: { status: 'succeeded', target, bytes: held.sizeBytes, md5: r.local.digests.md5, seconds, verified: false, message: `${how}; ${target} has ${held.sizeBytes} bytes as sent, but not verified` },
  };
}

/** A push's `verify /md5`: the device's digest of the new file against the local one. */
export async function verifyPush(
  p: CopyPlan,
  step: Extract<CopyStep, { kind: 'verify' }>,
  session: DeviceSession,
  copied: Extract<JobOutcome, { status: 'succeeded' }>,
  c: { log: JobLog; emit: (e: JobEvent) => void; afterReload?: { how: string } },
): Promise<Done | JobOutcome> {
  const r = p.request as PushRequest;
  const host = p.snapshot.device.hostname;
  const target = p.target;
  const local = r.local;
  if (!c.afterReload) c.emit({ type: 'phase', phase: 'verifying' });
  const v = await verifyOnDevice(session, step.path, step.sizeBytes, { log: c.log, onOutput: (t) => c.emit({ type: 'device-output', text: t }) });
  if (c.afterReload) {
    const how = c.afterReload.how;
    if (v.md5 !== undefined && v.md5 !== local.digests.md5) return { status: 'failed', message: `verify /md5 on ${host} gives ${v.md5} for ${target}, but the local image is ${local.digests.md5}: the copy is corrupt.` };
    if (v.md5 !== undefined) return { ...copied, md5: v.md5, verified: true, message: `${how}; verified (MD5 ${v.md5})` };
    return { ...copied, verified: false, message: `${how}; ${target} has ${copied.bytes} bytes as sent, but this IOS has no verify /md5, so the copy is not hash-verified` };
  }
  if (v.md5 === undefined) {
    return copied.bytes === local.sizeBytes
      ? { ...copied, verified: false, message: `${local.name} copied to ${host} ${target}: ${copied.bytes} bytes as sent, but this IOS has no verify /md5, so the device's copy is not hash-verified` }
      : { status: 'failed', message: `${host} reports ${copied.bytes} bytes copied, the image has ${local.sizeBytes}; this IOS has no verify /md5 to check further. ${target} is left in place — do not boot it.` };
  }
  if (v.md5 !== local.digests.md5) {
    return {
      status: 'failed',
      message: `verify /md5 on ${host} gives ${v.md5} for ${target}, but the local image is ${local.digests.md5}: the copy is corrupt. ${target} was left in place — delete it and copy again; do not boot it.`,
    };
  }
  return { ...copied, md5: v.md5, verified: true, message: `${local.name} copied to ${host} ${target} and verified (MD5 ${v.md5})` };
}
