// A copy of a local image to a device: pre-flight, optional temporary configuration (put back
// afterwards), offer to exactly that device, `copy` over SSH answered by the plan's rules, progress
// from both sides, cancel, `verify /md5` against the local digest, and — only when asked, and only
// after verify agrees — setting the new image as the boot image and saving.
import { ConnectionLostError, CopyProgressTracker, type DeviceSession, DialogueRefusedError, DeviceError } from '../device';
import { generateIdentity, type TransferEngine, type TransferEvent } from '../engine';
import { bytesPerMark, type CopySpec, copyCommand, copyRules, type RemoteEndpoint, type TransferProtocol } from './copy-command';
import { type DeviceFileSystem, type DeviceSnapshot, defaultFileSystem, fileSystemOf, normalizeDevicePath, splitDevicePath } from './device-snapshot';
import { notBackMessage, problemAfterReload, readDeviceAfterReload, type ReloadTiming, reloadTiming, waitForDevice } from './flash-load-helper';
import { deviceProgress, eta, type JobEvent, type JobListener, type JobOutcome } from './job-events';
import { JobLog } from './job-log';
import type { FacingSource } from './facing-address';
import type { LocalImage } from './local-image';
import { applyConfirmations, blockers, type CheckResult, type Confirmation, preflightPush } from './preflight';
import { rcpIdentity } from './preflight/credentials';
import { planSetBoot, SetBootError, setBootImage, type SetBootPlan } from './set-boot';
import { verifyOnDevice } from './verify';
import { withTemporaryConfig } from './temporary-config';

export interface EngineServer {
  kind: 'engine';
  engine: TransferEngine;
  /** The address the device connects to (local end of the SSH session, or the user's override). */
  deviceFacingAddress: string;
  /** Where deviceFacingAddress came from (facing-address.ts), for the pre-flight report. */
  facingSource?: FacingSource;
  /** The device's own address as our servers will see it (the SSH peer). */
  devicePeerAddress: string;
  /** Where each protocol's server is bound (from engine.servers). */
  bound: Partial<Record<TransferProtocol, { address: string; port: number }>>;
  /** The simulated lab maps the standard ports to the engine's ports; real IOS cannot. */
  portsMapped?: boolean;
}

export interface ExternalServer {
  kind: 'external';
  host: string;
  /** Path of the image on that server; default the local file's name. */
  path?: string;
  username?: string;
  password?: string;
}

/** The optional step after a verified copy. */
export interface PushAfterwards {
  /** Boot the new image next (the running image kept as the fallback entry) and `write memory`. */
  setBoot?: boolean;
  /**
   * The separate confirmation, asked with the exact commands just before they are sent (after
   * verify agreed); false leaves the boot variable as it is. Without it, asking for setBoot is
   * the confirmation (non-interactive use).
   */
  confirmSetBoot?: (plan: SetBootPlan) => Promise<boolean>;
}

export interface PushOptions {
  protocol: TransferProtocol;
  local: LocalImage;
  /** `flash:name`; default the device's default file system and the local file's name. */
  destination?: string;
  server: EngineServer | ExternalServer;
  confirmations?: Iterable<Confirmation>;
  /** The user asked to erase the file system before copying (single-image devices). */
  erase?: boolean;
  /** Set `ip tftp blocksize` for this copy (put back afterwards). */
  tftpBlocksize?: number;
  /** RCP: name a user in the URL instead of letting the device apply its own order. */
  rcpUrlUser?: string;
  /** `verify /md5` after the copy (default true). */
  verify?: boolean;
  afterwards?: PushAfterwards;
  /**
   * Opens a new session to the same device. Run-from-flash devices (2500, 1600) need it: their SSH
   * session drops while the Flash Load Helper copies, and the job reconnects to check the result
   * (the host key must be the one of this session). Without it such a copy is refused up front.
   */
  reconnect?: () => Promise<DeviceSession>;
  /** Flash Load Helper copies: how long to wait for the device to come back, and how often to try. */
  reload?: Partial<ReloadTiming>;
  headroom?: number;
  signal?: AbortSignal;
  onEvent?: JobListener;
}

export interface JobResult {
  outcome: JobOutcome;
  checks: CheckResult[];
  log: JobLog;
}

/** Minimum copy timeout, and the slowest rate a healthy copy is allowed before the job gives up. */
const minCopyTimeoutMs = 10 * 60_000;
const slowestBytesPerSecond = 50_000;

export function resolveDestination(device: DeviceSnapshot, destination: string | undefined, localName: string): { fs: DeviceFileSystem; name: string } {
  const fallback = defaultFileSystem(device);
  if (!destination) {
    if (!fallback) throw new DeviceError('E_NO_FILESYSTEM', device.hostname, `${device.hostname} reports no file system to copy to`);
    return { fs: fallback, name: localName };
  }
  const { fileSystem, name } = splitDevicePath(destination.includes(':') ? destination : `${fallback?.name ?? 'flash:'}${destination}`);
  const fs = fileSystemOf(device, fileSystem);
  if (!fs) throw new DeviceError('E_NO_FILESYSTEM', device.hostname, `${device.hostname} has no file system ${fileSystem} (it has ${device.fileSystems.map((f) => f.name).join(', ')})`);
  return { fs, name: name || localName };
}

export async function pushImage(session: DeviceSession, device: DeviceSnapshot, o: PushOptions): Promise<JobResult> {
  const emit = (e: JobEvent) => o.onEvent?.(e);
  const log = new JobLog((l) => emit({ type: 'log', text: `${l.kind === 'sent' ? '> ' : ''}${l.text}` }));
  const finish = (outcome: JobOutcome, checks: CheckResult[]): JobResult => {
    log.add('note', `outcome: ${outcome.status} — ${outcome.message}`);
    emit({ type: 'outcome', outcome });
    emit({ type: 'phase', phase: 'done' });
    return { outcome, checks, log };
  };
  const { fs, name } = resolveDestination(device, o.destination, o.local.name);
  const target = `${fs.name}${name}`;
  // Run-from-flash: IOS hands the copy to its boot ROM image (Flash Load Helper) and reloads.
  const viaFlh = fs.readOnly === true;
  const timing = reloadTiming(o.local.sizeBytes, o.reload);
  /** The session commands go to: a new one once the device is back from the Flash Load Helper. */
  let current = session;
  const bootPlan = o.afterwards?.setBoot ? planSetBoot(device, fs, name, Boolean(fs.eraseBeforeCopy || fs.readOnly || o.erase)) : undefined;
  type Done = Extract<JobOutcome, { status: 'succeeded' | 'skipped' }>;
  /** The image is there (copied, or already present with the right MD5): the optional boot step. */
  const afterwards = async (done: Done, verified: boolean): Promise<JobOutcome> => {
    if (!bootPlan) return done;
    const { commands } = bootPlan;
    if (!verified) {
      log.add('note', `set-boot not done: ${target} could not be hash-verified on ${device.hostname}`);
      return { ...done, message: `${done.message}. The boot image was NOT changed: the copy could not be hash-verified.`, afterwards: { setBoot: 'not-verified', target: bootPlan.target, commands } };
    }
    if (o.signal?.aborted) return { status: 'cancelled', message: `${done.message}; cancelled before the boot image was set (boot variable unchanged)` };
    if (o.afterwards?.confirmSetBoot && !(await o.afterwards.confirmSetBoot(bootPlan))) {
      log.add('note', `set-boot declined: the boot variable of ${device.hostname} was left as it was`);
      return { ...done, message: `${done.message}. The boot image was left as it was (not confirmed).`, afterwards: { setBoot: 'declined', target: bootPlan.target, commands } };
    }
    emit({ type: 'phase', phase: 'setting-boot' });
    log.add('note', `setting the boot image of ${device.hostname} to ${bootPlan.target}${bootPlan.fallback ? `, ${bootPlan.fallback} as fallback` : ''}, and saving`);
    try {
      await setBootImage(current, device.hostname, commands, log);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return {
        status: 'failed',
        message: `${done.message}, but setting the boot image failed: ${why}${err instanceof SetBootError ? '' : ". The boot variable may be partly changed: check 'show boot' before any reload."}`,
      };
    }
    return { ...done, message: `${done.message}. ${device.hostname} boots ${bootPlan.target} next${bootPlan.fallback ? ` (then ${bootPlan.fallback})` : ''}; configuration saved.`, afterwards: { setBoot: 'done', target: bootPlan.target, commands } };
  };

  // Pre-flight. A same-named file of the same size is hashed on the device to see if the copy is needed.
  emit({ type: 'phase', phase: 'preflight' });
  let deviceMd5: string | undefined;
  const existing = fs.files?.find((f) => f.name === name && f.sizeBytes === o.local.sizeBytes);
  if (existing) deviceMd5 = (await verifyOnDevice(session, target, o.local.sizeBytes, { log })).md5;
  const engine = o.server.kind === 'engine' ? o.server : undefined;
  const raw = preflightPush({
    device,
    destination: fs,
    destinationName: name,
    local: o.local,
    protocol: o.protocol,
    deviceMd5,
    rcpUrlUser: o.rcpUrlUser,
    headroom: o.headroom,
    userChoseErase: o.erase,
    ...(bootPlan ? { setBoot: { plan: bootPlan, verify: o.verify !== false } } : {}),
    reload: { canReconnect: o.reconnect !== undefined, waitMs: timing.timeoutMs },
    ...(engine ? { reachability: { protocol: o.protocol, deviceFacingAddress: engine.deviceFacingAddress, facingSource: engine.facingSource, bound: engine.bound[o.protocol], devicePortMapped: engine.portsMapped } } : {}),
  });
  const confirmed = new Set(o.confirmations ?? []);
  const checks = applyConfirmations(raw, confirmed);
  emit({ type: 'checks', checks });
  for (const c of checks) log.add('note', `check ${c.id}: ${c.status} — ${c.summary}`);
  const blocked = blockers(checks);
  if (blocked.length) return finish({ status: 'blocked', message: blocked.map((b) => b.summary).join(' '), checks: blocked }, checks);
  if (checks.some((c) => c.skipCopy)) {
    // The same-named file was hashed on the device above and matches: as good as a verified copy.
    const skipped: Done = { status: 'skipped', message: `${device.hostname} already has ${target} with MD5 ${o.local.digests.md5}` };
    try {
      return finish(await afterwards(skipped, true), checks);
    } catch (err) {
      return finish({ status: 'failed', message: err instanceof Error ? err.message : String(err) }, checks);
    }
  }

  // The remote end: our engine's offer for exactly this device, or the user's server.
  let remote: RemoteEndpoint;
  let offerId: string | undefined;
  const rcpUser = o.protocol === 'rcp' ? rcpIdentity(device, o.rcpUrlUser).username : undefined;
  if (engine) {
    const identity = o.protocol === 'ftp' ? generateIdentity() : rcpUser ? { username: rcpUser } : undefined;
    // The image was hashed once for the pre-flight checks: the engine reuses that, not a second pass.
    if (o.local.fileKey && o.local.digests.sha256) engine.engine.rememberDigests(o.local.fileKey, { md5: o.local.digests.md5, sha256: o.local.digests.sha256 });
    // Class B and run-from-flash copies open the source before the erase and load it afterwards: an
    // FTP open read and abandoned can look complete to the server, so those offers allow two uses.
    const uses = fs.eraseBeforeCopy || viaFlh ? 2 : 1;
    const offer = engine.engine.offerDownload({ localPath: o.local.path, name: o.local.name, peer: engine.devicePeerAddress, protocols: [o.protocol], maxUses: uses, ...(identity ? { identity } : {}) });
    offerId = offer.id;
    log.addSecret(identity && 'password' in identity ? identity.password : undefined);
    remote = {
      protocol: o.protocol,
      host: engine.deviceFacingAddress,
      path: offer.name,
      ...(o.protocol === 'ftp' && identity ? { username: identity.username, password: (identity as { password: string }).password } : {}),
      ...(o.protocol === 'rcp' && o.rcpUrlUser ? { username: o.rcpUrlUser } : {}),
    };
    log.add('note', `offered ${o.local.path} as '${offer.name}' over ${o.protocol.toUpperCase()} to ${engine.devicePeerAddress} only`);
  } else {
    const ext = o.server as ExternalServer;
    log.addSecret(ext.password);
    remote = { protocol: o.protocol, host: ext.host, path: ext.path ?? o.local.name, ...(ext.username ? { username: ext.username } : {}), ...(ext.password ? { password: ext.password } : {}) };
  }

  const spec: CopySpec = { direction: 'to-device', source: remote, fileSystem: fs.name, name };
  const engineEvents = engine ? watchOffer(engine.engine, offerId!, o.local.sizeBytes, emit, log) : undefined;
  // Cancel: the engine stops serving at once, and the SSH session is closed — IOS ends a copy when
  // its exec session goes away, and the transfer may already sit whole in socket buffers.
  // Once the Flash Load Helper has taken over, the boot image is loading the image: stopping the
  // engine's transfer then would leave flash erased, so a cancel only stops the waiting.
  let reloading = false;
  const onAbort = () => {
    if (engine && offerId && !reloading) engine.engine.abortOffer(offerId, new Error('the job was cancelled'));
    session.close();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const cancelledCopy = (deviceError: string | undefined) => ({
    ok: false as const,
    cancelled: true,
    message: `cancelled during the copy; ${deviceError ? `${device.hostname} said: ${deviceError}` : `the SSH session to ${device.hostname} was closed to end its copy`}. ${target} may be incomplete — check it before any reload.`,
    cause: undefined,
  });
  /** Class B: whether the failed copy had already erased the file system (the dialogue says so). */
  const erasedNote = (erased: boolean): string =>
    !(fs.eraseBeforeCopy || o.erase)
      ? ''
      : erased
        ? ` ${fs.name} WAS ERASED before the copy failed: ${device.hostname} has no image in it — do not reload it; copy an image again first.`
        : ` Nothing was erased: ${fs.name} on ${device.hostname} is as it was.`;

  /** The session dropped as the Flash Load Helper reloaded the device: wait, reconnect, judge the copy. */
  const afterFlashLoadHelper = async (started: number): Promise<JobOutcome> => {
    reloading = true;
    const host = device.hostname;
    if (!o.reconnect) return { status: 'failed', message: `${host} is reloading through the Flash Load Helper and this job cannot reconnect: check ${target} on ${host} when it is back.` };
    emit({ type: 'phase', phase: 'reloading' });
    log.add('note', `${host} is reloading into its boot ROM image (Flash Load Helper); the SSH session dropped as expected. Waiting up to ${Math.round(timing.timeoutMs / 1000)} s for it to come back on the new image.`);
    try {
      current = await waitForDevice({ device: host, reconnect: o.reconnect, hostKeyFingerprint: session.facts().hostKey.fingerprint, timing, signal: o.signal, log });
    } catch (err) {
      if (o.signal?.aborted) {
        return {
          status: 'cancelled',
          message: `cancelled while ${host} reloads through the Flash Load Helper. Its boot ROM image goes on erasing ${fs.name} and loading ${o.local.name}; the offer stays open, so keep this engine running until ${host} is back, and check it from its console.`,
        };
      }
      return { status: 'failed', message: notBackMessage(host, fs.name, err) };
    }
    emit({ type: 'phase', phase: 'verifying' });
    const after = await readDeviceAfterReload(current, device, fs.name, name, log, (text) => emit({ type: 'device-output', text }));
    const runs = after.snapshot.runningImage;
    const runsNew = runs !== undefined && normalizeDevicePath(runs) === normalizeDevicePath(target);
    const problem = problemAfterReload(after, { host, target, fileSystem: fs.name, sizeBytes: o.local.sizeBytes, runsNew });
    if (problem) return { status: 'failed', message: problem };
    const held = after.file!;
    const sent = engineEvents?.finished;
    if (engine && sent?.md5 && sent.md5 !== o.local.digests.md5) {
      return { status: 'failed', message: `the engine sent data whose MD5 ${sent.md5} differs from the local file's ${o.local.digests.md5}: the local file changed during the copy. ${target} on ${host} is not the image you meant.` };
    }
    const v = o.verify === false ? {} : await verifyOnDevice(current, target, o.local.sizeBytes, { log, onOutput: (t) => emit({ type: 'device-output', text: t }) });
    if (v.md5 !== undefined && v.md5 !== o.local.digests.md5) {
      return { status: 'failed', message: `verify /md5 on ${host} gives ${v.md5} for ${target}, but the local image is ${o.local.digests.md5}: the copy is corrupt.` };
    }
    const seconds = (Date.now() - started) / 1000;
    const how = `${o.local.name} copied to ${host} ${target} through the Flash Load Helper: ${host} reloaded twice and ${runsNew ? 'runs the new image' : `runs ${runs ?? 'an unnamed image'}, not the new one`}`;
    const base = { status: 'succeeded' as const, target, bytes: held.sizeBytes, md5: v.md5 ?? o.local.digests.md5, seconds };
    if (v.md5 !== undefined) return afterwards({ ...base, verified: true, message: `${how}; verified (MD5 ${v.md5})` }, true);
    const unverified = o.verify === false ? 'not verified' : 'this IOS has no verify /md5, so the copy is not hash-verified';
    return afterwards({ ...base, verified: false, message: `${how}; ${target} has ${held.sizeBytes} bytes as sent, but ${unverified}` }, false);
  };

  try {
    // The boot ROM image ignores the running configuration, and the session is gone before a restore.
    const config = !viaFlh && o.protocol === 'tftp' && o.tftpBlocksize && o.tftpBlocksize !== (device.config.tftpBlocksize ?? 512) ? [{ set: `ip tftp blocksize ${o.tftpBlocksize}`, restore: device.config.tftpBlocksize ? `ip tftp blocksize ${device.config.tftpBlocksize}` : 'no ip tftp blocksize' }] : [];
    const copied = await withTemporaryConfig(session, config, log, emit, async () => {
      emit({ type: 'phase', phase: 'copying' });
      const tracker = new CopyProgressTracker();
      const markBytes = bytesPerMark(o.protocol, o.tftpBlocksize ?? device.config.tftpBlocksize);
      const command = copyCommand(spec);
      log.add('sent', command);
      const started = Date.now();
      let output: string;
      let flhNoticeSeen = false;
      try {
        output = await session.run(command, {
          rules: copyRules(spec, confirmed, rcpUser),
          timeoutMs: Math.max(minCopyTimeoutMs, (o.local.sizeBytes / slowestBytesPerSecond) * 1000),
          onOutput: (text) => {
            if (/Flash load helper/i.test(text)) flhNoticeSeen = true;
            log.add('received', text.replace(/\n$/, ''));
            emit({ type: 'device-output', text });
            const snap = tracker.push(text);
            const marked = engine ? undefined : deviceProgress.marks(snap.marks['!'], markBytes, o.local.sizeBytes);
            if (marked) emit(marked);
          },
        });
      } catch (err) {
        // Cancel closes the session under the running copy, so the run usually ends here, as a
        // dropped connection: report the cancel and the file it may have left, not a lost session.
        if (o.signal?.aborted) return cancelledCopy(tracker.snapshot().error?.message);
        // The Flash Load Helper announced itself and the session dropped: the device is reloading into
        // its boot ROM image, as the pre-flight report said it would.
        if (viaFlh && flhNoticeSeen && err instanceof ConnectionLostError && !tracker.snapshot().error) return { ok: 'reloading' as const, started };
        if (err instanceof DialogueRefusedError) return { ok: false as const, message: `${device.hostname} asked a question the plan does not allow answering yes to (${err.message}); the copy was stopped and nothing was confirmed.` };
        throw err;
      }
      // Before finish(): a cancelled copy's output has no closing line, which finish() rejects.
      if (o.signal?.aborted) return cancelledCopy(tracker.snapshot().error?.message);
      const result = tracker.finish();
      const seconds = (Date.now() - started) / 1000;
      if (!result.succeeded) {
        const refused = engineEvents?.refusals.at(-1);
        const cause = result.error?.message ?? lastLine(output);
        return { ok: false as const, message: `${device.hostname} could not copy ${remote.path}: ${cause}${refused ? ` (the engine refused the device: ${refused})` : ''}.${erasedNote(result.erased)}`, cause: result.error?.cause };
      }
      const bytes = result.copiedBytes ?? result.okBytes ?? o.local.sizeBytes;
      if (!engine) emit(deviceProgress.end(bytes, o.local.sizeBytes, result.bytesPerSecond));
      return { ok: true as const, seconds, bytes };
    });
    if (copied.ok === 'reloading') return finish(await afterFlashLoadHelper(copied.started), checks);
    if (!copied.ok) return finish('cancelled' in copied && copied.cancelled ? { status: 'cancelled', message: copied.message } : { status: 'failed', message: copied.message, ...(copied.cause ? { cause: copied.cause } : {}) }, checks);
    const sent = engineEvents?.finished;
    if (engine && sent?.md5 && sent.md5 !== o.local.digests.md5) {
      return finish({ status: 'failed', message: `the engine sent data whose MD5 ${sent.md5} differs from the local file's ${o.local.digests.md5}: the local file changed during the copy. ${target} is left in place.` }, checks);
    }
    if (o.verify === false) {
      return finish({ status: 'succeeded', target, bytes: copied.bytes, md5: o.local.digests.md5, seconds: copied.seconds, verified: false, message: `${o.local.name} copied to ${device.hostname} ${target} (not verified)` }, checks);
    }
    emit({ type: 'phase', phase: 'verifying' });
    const v = await verifyOnDevice(session, target, o.local.sizeBytes, { log, onOutput: (t) => emit({ type: 'device-output', text: t }) });
    if (v.md5 === undefined) {
      const bytesOk = copied.bytes === o.local.sizeBytes;
      return finish(
        bytesOk
          ? await afterwards({ status: 'succeeded', target, bytes: copied.bytes, md5: o.local.digests.md5, seconds: copied.seconds, verified: false, message: `${o.local.name} copied to ${device.hostname} ${target}: ${copied.bytes} bytes as sent, but this IOS has no verify /md5, so the device's copy is not hash-verified` }, false)
          : { status: 'failed', message: `${device.hostname} reports ${copied.bytes} bytes copied, the image has ${o.local.sizeBytes}; this IOS has no verify /md5 to check further. ${target} is left in place — do not boot it.` },
        checks,
      );
    }
    if (v.md5 !== o.local.digests.md5) {
      return finish(
        {
          status: 'failed',
          message: `verify /md5 on ${device.hostname} gives ${v.md5} for ${target}, but the local image is ${o.local.digests.md5}: the copy is corrupt. ${target} was left in place — delete it and copy again; do not boot it.`,
        },
        checks,
      );
    }
    return finish(await afterwards({ status: 'succeeded', target, bytes: copied.bytes, md5: v.md5, seconds: copied.seconds, verified: true, message: `${o.local.name} copied to ${device.hostname} ${target} and verified (MD5 ${v.md5})` }, true), checks);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return finish(o.signal?.aborted ? { status: 'cancelled', message: `cancelled: ${message}` } : { status: 'failed', message }, checks);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    engineEvents?.dispose();
    if (current !== session) current.close();
    // A cancel while the boot image loads keeps the offer: withdrawing it would leave flash erased.
    if (engine && offerId && !(reloading && o.signal?.aborted)) {
      engine.engine.withdraw(offerId);
      // A cancelled job is reported once the engine has stopped serving it, not while it winds down.
      if (o.signal?.aborted) await engine.engine.offerSettled(offerId);
    }
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1) ?? 'no output';
}

/** Follows the engine's side of one offer: progress, the finished digest, and refusals of the device. */
function watchOffer(engine: TransferEngine, offerId: string, totalBytes: number, emit: (e: JobEvent) => void, log: JobLog) {
  const state: { finished?: { bytes: number; md5?: string }; refusals: string[]; dispose: () => void } = { refusals: [], dispose: () => undefined };
  state.dispose = engine.events.subscribe((e: TransferEvent) => {
    if (e.type === 'refused') {
      state.refusals.push(`${e.protocol} ${e.peer} ${e.file}: ${e.message}`);
      log.add('engine', `refused ${e.peer} ${e.file}: ${e.message}`);
      return;
    }
    if (e.transfer.offerId !== offerId) return;
    if (e.type === 'started') log.add('engine', `${e.transfer.protocol} transfer started with ${e.transfer.peer}:${e.transfer.peerPort} ${JSON.stringify(e.transfer.options)}`);
    if (e.type === 'progress') emit({ type: 'progress', bytes: e.bytes, totalBytes, bytesPerSecond: e.bytesPerSecond, etaSeconds: eta(e.bytes, totalBytes, e.bytesPerSecond), source: 'engine' });
    if (e.type === 'finished') {
      state.finished = { bytes: e.bytes, md5: e.md5 };
      emit({ type: 'progress', bytes: e.bytes, totalBytes, bytesPerSecond: e.bytesPerSecond, etaSeconds: 0, source: 'engine' });
      log.add('engine', `sent ${e.bytes} bytes in ${(e.durationMs / 1000).toFixed(1)} s, md5 ${e.md5 ?? '?'}`);
    }
    if (e.type === 'failed') log.add('engine', `transfer failed after ${e.bytes} bytes: ${e.reason}`);
  });
  return state;
}
