// The install job, start to end: read the state, plan (probing what `install remove inactive` would
// free when space is short), show the pre-flight report, ask for the confirmations a block names, ask
// for the reload confirmation with what will happen — then save (or convert from bundle mode), copy the
// image with push (verified) or offer it for `install add file <url>`, add, activate with the auto-abort
// timer, wait for the device (same host key), check its health and only then commit. A device that
// does not come back healthy rolls itself back when the timer expires: the job waits for that and says so.
import { ConnectionLostError, type DeviceSession, type InstallEvent, type InstallFailure, type InstallOutput, parseShowInstallSummary, sameXeVersion } from '../../device';
import { generateIdentity, type Protocol, protocolSpec } from '../../engine';
import { pushImage } from '../copy-job';
import { remoteUrl } from '../copy-command';
import type { EngineServer } from '../copy-plan';
import type { ConfirmationSource } from '../copy-run';
import { reachEngine, urlPort } from '../engine-reach';
import { type ReloadTiming, waitForDevice } from '../flash-load-helper';
import { gatherSnapshot } from '../gather';
import { JobLog } from '../job-log';
import type { LocalImage } from '../local-image';
import { confirmationsFor } from '../copy-plan';
import { setBootImage } from '../set-boot';
import { failureSummary, runInstallCommand } from './dialogue';
import { checkHealth } from './health';
import { autoAbortRange, planInstall } from './plan';
import { readInstallState, readRemovable } from './read-state';
import type { HealthReport, InstallImage, InstallJobEvent, InstallListener, InstallOutcome, InstallPlan, InstallRequest, InstallSnapshot, InstallStep, ReloadSummary } from './types';
import { fileSystemOf, splitDevicePath } from '../device-snapshot';

export interface InstallOptions {
  /** The image on this machine; or `devicePath`, an image already in the device's flash. */
  local?: LocalImage;
  devicePath?: string;
  /** The bundled engine: the image is offered to this device only. */
  server: EngineServer;
  protocol: Protocol;
  /** Default `copy` (copied and `verify /md5`-checked first). */
  transfer?: InstallRequest['transfer'];
  oneShot?: boolean;
  autoAbortMinutes?: number;
  /** Given up front (--yes-remove-inactive) or asked when a block names one. */
  confirmations?: ConfirmationSource;
  /** The reload: shown in full, answered by a person (typed hostname) or --yes-reload. False: nothing is sent. */
  confirmReload: (summary: ReloadSummary) => Promise<boolean>;
  /** A new session to the same device (checked against the first session's host key). */
  reconnect: () => Promise<DeviceSession>;
  loginUser: string;
  /** The device's host name or address as the session was opened (for where it reaches the engine). */
  deviceHost?: string;
  /** How long to wait for the device after the reload (default 45 min). */
  reloadTimeoutMs?: number;
  /** How long to wait for the rollback after a failed health check (default: the timer left, plus the reload time). */
  rollbackWaitMs?: number;
  signal?: AbortSignal;
  onEvent?: InstallListener;
}

export interface InstallResult {
  outcome: InstallOutcome;
  plan?: InstallPlan;
  log: JobLog;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** Reload timing for an install: real boxes take 5–20 minutes; the first try and the retries scale with the deadline. */
export function installReloadTiming(timeoutMs = 45 * 60_000): ReloadTiming {
  return { timeoutMs, firstTryMs: clamp(timeoutMs / 40, 1_000, 30_000), retryMs: clamp(timeoutMs / 60, 500, 15_000) };
}

interface State {
  session: DeviceSession;
  hostKey: string;
  source?: string;
  offerId?: string;
  health?: HealthReport;
  /** The device's own timer, read after the reload (seconds left). */
  timerSeconds?: number;
  /** The last installer command sent: what a cancel leaves the device in. */
  sent?: 'remove-inactive' | 'add' | 'activate' | 'one-shot' | 'commit';
  /** The activation's reload was seen (the session dropped after it). */
  reloaded?: boolean;
}

/**
 * What a cancel leaves on the device: the installer runs a command to its end once sent (closing the
 * session does not stop it), so the answer depends on the last one sent.
 */
export function leftAfterCancel(st: Pick<State, 'sent' | 'reloaded'>, hostname: string, autoAbortMinutes: number): string {
  switch (st.sent) {
    case undefined:
      return `no installer command was sent: nothing was installed on ${hostname}`;
    case 'remove-inactive':
      return `\`install remove inactive\` was sent: ${hostname} finishes deleting the files it listed; nothing was installed`;
    case 'add':
      return `\`install add\` was sent: ${hostname} finishes adding the image, which stays inactive (nothing activated; "Remove Inactive Packages…" deletes it)`;
    case 'activate':
      return `\`install activate\` was sent: ${hostname} ${st.reloaded ? 'reloaded into' : 'reloads into'} the new version, uncommitted — it rolls back by itself when the auto-abort timer (${autoAbortMinutes} min) expires unless someone commits ("Commit" in the Devices view)`;
    case 'one-shot':
      return `the one-shot install was sent: ${hostname} adds, activates and commits the new version and reloads on its own — no timer rolls it back`;
    case 'commit':
      return `\`install commit\` was sent: ${hostname} commits the new version`;
  }
}

export async function installImage(session: DeviceSession, o: InstallOptions): Promise<InstallResult> {
  const emit = (e: InstallJobEvent) => o.onEvent?.(e);
  const log = new JobLog((l) => emit({ type: 'log', text: `${l.kind === 'sent' ? '> ' : ''}${l.text}` }));
  const finish = (given: InstallOutcome, p?: InstallPlan): InstallResult => {
    const outcome = { ...given, message: log.redact(given.message), ...('failure' in given && given.failure ? { failure: redactedFailure(given.failure, log) } : {}) } as InstallOutcome;
    log.add('note', `outcome: ${outcome.status} — ${outcome.message}`);
    emit({ type: 'outcome', outcome });
    emit({ type: 'stage', stage: 'done' });
    return { outcome, log, ...(p ? { plan: p } : {}) };
  };
  const autoAbortMinutes = o.autoAbortMinutes ?? autoAbortRange.default;
  if (autoAbortMinutes < autoAbortRange.min || autoAbortMinutes > autoAbortRange.max) throw new RangeError(`the auto-abort timer takes ${autoAbortRange.min}–${autoAbortRange.max} minutes, not ${autoAbortMinutes}`);

  emit({ type: 'stage', stage: 'reading' });
  const snapshot = await readInstallState(session, o.loginUser, log);
  const hostname = snapshot.device.hostname;
  const given = Array.isArray(o.confirmations) ? (o.confirmations as InstallRequest['confirmations']) : [];
  const image = imageOf(snapshot, o);
  if (typeof image === 'string') return finish({ status: 'failed', message: image });
  let p = planInstall(snapshot, { image, transfer: o.transfer ?? 'copy', oneShot: o.oneShot ?? false, autoAbortMinutes, confirmations: given });
  emit({ type: 'stage', stage: 'preflight' });
  for (;;) {
    if (p.probe === 'removable') {
      const removable = await readRemovable(session, log);
      p = planInstall({ ...p.snapshot, removable }, p.request);
      continue;
    }
    emit({ type: 'checks', checks: p.checks });
    for (const c of p.checks) log.add('note', `check ${c.id}: ${c.status} — ${c.summary}`);
    if (!p.blocked.length) break;
    const message = p.blocked.map((b) => b.summary).join(' ');
    const needed = confirmationsFor(p.blocked);
    if (typeof o.confirmations !== 'function' || !needed) return finish({ status: 'blocked', message, checks: p.blocked }, p);
    const answer = await o.confirmations(p.blocked, hostname);
    if (!answer?.length) return finish({ status: 'blocked', message, checks: p.blocked }, p);
    p = planInstall(p.snapshot, { ...p.request, confirmations: [...new Set([...p.request.confirmations, ...answer])] });
  }

  emit({ type: 'plan', steps: p.steps, reload: p.reload });
  if (!(await o.confirmReload(p.reload))) return finish({ status: 'declined', message: `the reload of ${hostname} was not confirmed: nothing was sent to the device` }, p);
  log.add('note', `reload of ${hostname} confirmed: ${p.reload.from ?? '?'} → ${p.reload.to ?? '?'}, members ${p.reload.members.join(', ')}`);
  if (o.signal?.aborted) return finish({ status: 'cancelled', message: 'cancelled before anything was sent to the device' }, p);

  const state: State = { session, hostKey: session.facts().hostKey.fingerprint, ...(p.source ? { source: p.source } : {}) };
  const onAbort = () => state.session.close();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return finish(await steps(p, state, o, log, emit), p);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return finish(o.signal?.aborted ? { status: 'cancelled', message: `cancelled (${message}): ${leftAfterCancel(state, hostname, autoAbortMinutes)}` } : { status: 'failed', message }, p);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    if (state.offerId) o.server.engine.withdraw(state.offerId);
    if (state.session !== session) state.session.close();
  }
}

type Emit = (e: InstallJobEvent) => void;

/** The image the request names, or why it cannot be installed (a device path that is not in flash). */
function imageOf(snapshot: InstallSnapshot, o: InstallOptions): InstallImage | string {
  if (o.local) return { kind: 'local', local: o.local };
  if (!o.devicePath) return 'no image given: a local file or a file in the device\'s flash';
  const { fileSystem, name } = splitDevicePath(o.devicePath);
  const file = fileSystemOf(snapshot.device, fileSystem)?.files?.find((f) => f.name === name && !f.isDirectory);
  if (!file) return `${o.devicePath} is not in ${snapshot.device.hostname}'s ${fileSystem || 'flash'} listing`;
  return { kind: 'device', path: `${fileSystem}${name}`, name, sizeBytes: file.sizeBytes };
}

async function steps(p: InstallPlan, st: State, o: InstallOptions, log: JobLog, emit: Emit): Promise<InstallOutcome> {
  const hostname = p.snapshot.device.hostname;
  const from = p.reload.from;
  const to = p.reload.to;
  // The device echoes the URL it downloads from, one-time FTP login included: redacted like the log.
  const onInstall = (e: InstallEvent) => emit({ type: 'install', event: redactedEvent(e, log) });
  const command = (text: string, answers: Parameters<typeof runInstallCommand>[2]) => runInstallCommand(st.session, text, answers, { log, onEvent: onInstall });
  // What the copy plans from: read again once `install remove inactive` has freed space (the copy's
  // own pre-flight would otherwise judge the space from before the removal).
  let device = p.snapshot.device;
  for (const step of p.steps) {
    if (o.signal?.aborted) return { status: 'cancelled', message: `cancelled before ${step.kind}: ${leftAfterCancel(st, hostname, o.autoAbortMinutes ?? autoAbortRange.default)}` };
    switch (step.kind) {
      case 'save-config': {
        emit({ type: 'stage', stage: 'saving' });
        log.add('note', `saving the configuration of ${hostname} before the install`);
        await setBootImage(st.session, hostname, ['write memory'], log);
        break;
      }
      case 'convert-to-install': {
        emit({ type: 'stage', stage: 'converting' });
        log.add('note', `${hostname} boots in bundle mode: pointing it at packages.conf and saving`);
        await setBootImage(st.session, hostname, step.commands, log);
        break;
      }
      case 'remove-inactive': {
        emit({ type: 'stage', stage: 'removing-inactive' });
        st.sent = 'remove-inactive';
        const r = await command('install remove inactive', { removeFiles: true });
        const verdict = stepVerdict('remove-inactive', r.output, r.reloaded, hostname);
        if (verdict) return verdict;
        log.add('note', `reading ${hostname}'s file systems again after the removal`);
        device = await gatherSnapshot(st.session, o.loginUser);
        break;
      }
      case 'copy': {
        emit({ type: 'stage', stage: 'transferring' });
        const pushed = await pushImage(st.session, device, {
          protocol: o.protocol,
          server: o.server,
          local: o.local!,
          destination: step.destination,
          verify: true,
          // A block of the copy's own pre-flight (a different file of that name …) is asked like the install's.
          ...(typeof o.confirmations === 'function' ? { confirmations: o.confirmations } : {}),
          ...(o.deviceHost ? { deviceHost: o.deviceHost } : {}),
          ...(o.signal ? { signal: o.signal } : {}),
          onEvent: (e) => emit({ type: 'copy', event: e }),
        });
        const c = pushed.outcome;
        if (c.status === 'skipped') log.add('note', c.message);
        else if (c.status !== 'succeeded' || !c.verified) return { status: 'failed', message: `the copy before the install did not succeed: ${c.message}. Nothing was installed.` };
        st.source = step.destination;
        break;
      }
      case 'offer-direct': {
        emit({ type: 'stage', stage: 'transferring' });
        st.source = await offerDirect(p, st, o, log);
        break;
      }
      case 'add': {
        emit({ type: 'stage', stage: 'adding' });
        st.sent = 'add';
        const r = await command(`install add file ${st.source!}`, {});
        const verdict = stepVerdict('add', r.output, r.reloaded, hostname);
        if (verdict) return verdict;
        break;
      }
      case 'activate': {
        emit({ type: 'stage', stage: 'activating' });
        st.sent = 'activate';
        const r = await command(`install activate auto-abort-timer ${step.autoAbortMinutes}`, { reload: true });
        st.reloaded = r.reloaded;
        const verdict = stepVerdict('activate', r.output, r.reloaded, hostname);
        if (verdict) return verdict;
        break;
      }
      case 'one-shot': {
        emit({ type: 'stage', stage: 'installing' });
        st.sent = 'one-shot';
        const r = await command(`install add file ${st.source!} activate commit`, { reload: true, bootConfigChanged: step.fromBundle });
        const verdict = stepVerdict(step.fromBundle ? 'one-shot-from-bundle' : 'one-shot', r.output, r.reloaded, hostname);
        if (verdict) return verdict;
        break;
      }
      case 'await-reload': {
        emit({ type: 'stage', stage: 'reloading' });
        st.session.close();
        st.session = await waitWithTicks(hostname, st, o, log, emit, 'the reload');
        break;
      }
      case 'health-check': {
        emit({ type: 'stage', stage: 'health-check' });
        const health = await checkHealth(st.session, hostname, { ...(to ? { release: to } : {}), members: p.snapshot.members, state: p.oneShot ? 'activated-committed' : 'activated-uncommitted' }, log);
        st.health = health;
        emit({ type: 'health', health });
        if (health.healthy) break;
        const why = health.facts.filter((f) => !f.ok).map((f) => f.text).join('; ');
        if (p.oneShot) return { status: 'failed', message: `${hostname} came back unhealthy after the one-shot install: ${why}. The one-shot form committed at once: no timer rolls it back.`, leftBehind: 'the new version, committed' };
        return waitForRollback(p, st, o, log, emit, why);
      }
      case 'commit': {
        emit({ type: 'stage', stage: 'committing' });
        st.sent = 'commit';
        const r = await command('install commit', {});
        const verdict = stepVerdict('commit', r.output, r.reloaded, hostname);
        if (verdict) return verdict;
        return { status: 'committed', message: `${hostname} runs ${to ?? 'the new version'}${p.snapshot.members.length > 1 ? ` on every member (${p.snapshot.members.map((m) => m.name).join(', ')})` : ''}, committed (was ${from ?? 'unknown'})`, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(st.health ? { health: st.health } : {}) };
      }
      default: {
        const never: never = step;
        throw new Error(`unknown step ${JSON.stringify(never as InstallStep)}`);
      }
    }
  }
  // One-shot: healthy, and committed by the one-shot itself.
  return { status: 'committed', message: `${hostname} runs ${to ?? 'the new version'} in install mode, committed by the one-shot install (was ${from ?? 'unknown'})`, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(st.health ? { health: st.health } : {}) };
}

export type VerdictStep = 'remove-inactive' | 'add' | 'activate' | 'one-shot' | 'one-shot-from-bundle' | 'commit';

/**
 * Pure: what one install command's output means for the job — undefined to go on, or the outcome that
 * ends it. A `FAILED:` line always ends it (with that line and what the device is left in); an
 * activation or one-shot must end in the reload; an add or commit must end in `SUCCESS:`.
 */
export function stepVerdict(step: VerdictStep, output: InstallOutput, reloaded: boolean, hostname: string): InstallOutcome | undefined {
  const reloads = step === 'activate' || step === 'one-shot' || step === 'one-shot-from-bundle';
  const left: Record<VerdictStep, string> = {
    'remove-inactive': 'nothing else was done',
    add: 'the add did not finish',
    activate: 'the image stays added (inactive); the running version is unchanged',
    'one-shot': 'the running version is unchanged',
    'one-shot-from-bundle': `${hostname} still runs its .bin, and boots packages.conf next (the conversion was saved)`,
    commit: `the activation stays uncommitted: ${hostname} rolls back when the auto-abort timer expires unless committed`,
  };
  const names: Record<VerdictStep, string> = { 'remove-inactive': 'install remove inactive', add: 'install add', activate: 'install activate', 'one-shot': 'install add … activate commit', 'one-shot-from-bundle': 'install add … activate commit', commit: 'install commit' };
  if (output.failure || output.outcome === 'failed') return failed(output, names[step], left[step]);
  if (output.noChange) return { status: 'failed', message: `${hostname} says "${output.noChange}": nothing to install` };
  if (reloads) return reloaded ? undefined : { status: 'failed', message: `${hostname} did not reload after ${names[step]} (${output.result ?? 'no result line'})` };
  if (output.outcome !== 'succeeded') return { status: 'failed', message: `${names[step]} on ${hostname} did not say SUCCESS (${output.result ?? 'no result line'}); ${left[step]}` };
  return undefined;
}

/** A FAILED: line ends the job with that line, what the device was left in, and (after an add) the cleanup to offer. */
function failed(output: InstallOutput, what: string, left: string): InstallOutcome {
  const line = failureSummary(output);
  const expandedLeft = output.failure?.kind === 'space' || output.failure?.kind === 'already-added' || output.phases.some((ph) => ph.name === 'Add');
  return {
    status: 'failed',
    message: `${what} failed: ${line}. ${left}.${expandedLeft ? ' A failed add can leave expanded .pkg files behind: "Remove Inactive Packages…" (`install remove inactive`) clears them.' : ''}`,
    ...(output.failure ? { failure: output.failure } : {}),
    leftBehind: left,
    offerRemoveInactive: expandedLeft,
  };
}

/** The image offered by the engine for `install add file <url>`, to this device only. */
function redactedFailure(f: InstallFailure, log: JobLog): InstallFailure {
  return { ...f, line: log.redact(f.line), reason: log.redact(f.reason) };
}

function redactedEvent(e: InstallEvent, log: JobLog): InstallEvent {
  const r = { ...e, line: log.redact(e.line) };
  return r.type === 'failed' ? { ...r, failure: redactedFailure(r.failure, log) } : r;
}

async function offerDirect(p: InstallPlan, st: State, o: InstallOptions, log: JobLog): Promise<string> {
  const host = o.deviceHost ?? st.session.remoteAddress;
  if (!host) throw new Error(`the address of ${p.snapshot.device.hostname} is not known: the session cannot say it, and no host was given`);
  const reach = await reachEngine(o.server, { ...(st.session.localAddress ? { localAddress: st.session.localAddress } : {}), ...(st.session.remoteAddress ? { remoteAddress: st.session.remoteAddress } : {}) }, host, [o.protocol]);
  const bound = reach.protocols[o.protocol];
  if (!bound?.bound) throw new Error(`the engine's ${o.protocol.toUpperCase()} server is not available: ${bound?.bindError ?? 'not started'}`);
  const spec = protocolSpec(o.protocol);
  const login = spec.capabilities.credentials === 'one-time-login' ? generateIdentity() : undefined;
  log.addSecret(login?.password);
  const local = o.local!;
  const name = spec.offerName?.(local.name) ?? local.name;
  if (name !== local.name) log.addSecret(name.slice(0, name.length - local.name.length - 1));
  const offer = o.server.engine.offerDownload({ name, peer: reach.peerAddress, protocols: [o.protocol], localPath: local.path, maxUses: 2, ...(login ? { identity: login } : {}) });
  st.offerId = offer.id;
  const port = urlPort(reach, o.protocol);
  log.add('note', `offered ${local.path} over ${o.protocol.toUpperCase()} to ${reach.peerAddress} only, for install add file`);
  return remoteUrl({ protocol: o.protocol, host: reach.facingAddress, ...(port !== undefined ? { port } : {}), path: offer.name, ...(login ? { username: login.username, password: login.password } : {}) });
}

/** waitForDevice, with a tick every few seconds for the card and the CLI ("waiting for R1: 42 s"). */
async function waitWithTicks(hostname: string, st: State, o: InstallOptions, log: JobLog, emit: Emit, what: string, timeoutMs?: number): Promise<DeviceSession> {
  const started = Date.now();
  const tick = setInterval(() => emit({ type: 'waiting', elapsedSeconds: Math.round((Date.now() - started) / 1000), what: `${hostname} after ${what}` }), 5_000);
  try {
    return await waitForDevice({ device: hostname, reconnect: o.reconnect, hostKeyFingerprint: st.hostKey, timing: installReloadTiming(timeoutMs ?? o.reloadTimeoutMs), ...(o.signal ? { signal: o.signal } : {}), log });
  } finally {
    clearInterval(tick);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Not healthy after `install activate`: the job does not commit. The device's auto-abort timer rolls
 * it back; the job watches for that (the session drops, the device comes back on the old version).
 */
async function waitForRollback(p: InstallPlan, st: State, o: InstallOptions, log: JobLog, emit: Emit, why: string): Promise<InstallOutcome> {
  const hostname = p.snapshot.device.hostname;
  const from = p.reload.from;
  emit({ type: 'stage', stage: 'waiting-for-rollback' });
  const timer = await readTimer(st.session, log);
  const reloadMs = o.reloadTimeoutMs ?? 45 * 60_000;
  const waitMs = o.rollbackWaitMs ?? (timer !== undefined ? timer * 1000 : p.request.autoAbortMinutes * 60_000) + reloadMs;
  log.add('note', `${hostname} is not healthy (${why}); not committing. Its auto-abort timer rolls it back to ${from ?? 'the previous version'}${timer !== undefined ? ` in about ${Math.ceil(timer / 60)} min` : ''}; waiting for that`);
  const started = Date.now();
  const poll = installReloadTiming(reloadMs).retryMs;
  while (Date.now() - started < waitMs) {
    if (o.signal?.aborted) return { status: 'cancelled', message: `cancelled while waiting for ${hostname} to roll back; it still will when its timer expires` };
    try {
      await st.session.run('show clock', { timeoutMs: 30_000 });
      emit({ type: 'waiting', elapsedSeconds: Math.round((Date.now() - started) / 1000), what: `${hostname} to roll back (auto-abort timer)` });
      await sleep(poll);
      continue;
    } catch (err) {
      if (!(err instanceof ConnectionLostError) && !st.session.isClosed) throw err;
    }
    log.add('note', `${hostname} dropped the session: the auto-abort timer fired`);
    st.session.close();
    st.session = await waitWithTicks(hostname, st, o, log, emit, 'the rollback');
    const health = await checkHealth(st.session, hostname, { ...(from ? { release: from } : {}), members: p.snapshot.members, state: 'activated-committed' }, log);
    emit({ type: 'health', health });
    const back = health.version !== undefined && from !== undefined && sameXeVersion(health.version, from);
    if (back) return { status: 'rolled-back', message: `${hostname} did not come back healthy after the install (${why}), so the job did not commit; its auto-abort timer rolled it back to ${from}.`, ...(from ? { from } : {}), ...(p.reload.to ? { to: p.reload.to } : {}), health };
    return { status: 'failed', message: `${hostname} reloaded after the auto-abort timer but runs ${health.version ?? 'an unknown version'}, not ${from ?? 'the previous version'}: check it on the console.` };
  }
  return { status: 'uncommitted', message: `${hostname} is not healthy (${why}); the job did not commit. The activation stays uncommitted and the device rolls back to ${from ?? 'the previous version'} by itself when its auto-abort timer expires (not seen within ${Math.round(waitMs / 1000)} s).`, ...(st.health ? { health: st.health } : {}) };
}

async function readTimer(session: DeviceSession, log: JobLog): Promise<number | undefined> {
  try {
    const s = parseShowInstallSummary(await session.run('show install summary', { timeoutMs: 60_000 }));
    return s.autoAbortTimer?.active ? s.autoAbortTimer.remainingSeconds : undefined;
  } catch (err) {
    log.add('note', `the auto-abort timer could not be read: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
