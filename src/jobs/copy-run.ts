// The one executor of copy plans, for pushes and pulls alike: it reads what the plan asks to probe
// and plans again, shows the pre-flight report, asks for the confirmations a block names and plans
// again from the answers — never repeating a probe or a step already done — and then carries out the
// plan's steps in order: offer, source hash, copy (temporary configuration around it), the wait for a
// reload, verify, set-boot. Progress, the device's output and the log go to the job's listener.
import { type DeviceSession, DeviceError } from '../device';
import type { TransferEngine } from '../engine';
import { type CopyPlan, type CopyStep, confirmationsFor, plan } from './copy-plan';
import { deviceProgress, type JobEvent, type JobListener, type JobOutcome } from './job-events';
import { JobLog } from './job-log';
import type { CheckResult, Confirmation } from './preflight/check';
import { afterReload, type CopyDone, copyFailure, pullOutcome, verifyPush } from './run-judge';
import { copyOnDevice, makeOffer, type OfferInUse } from './run-copy';
import { setBootAfter, type Done } from './run-set-boot';
import type { SetBootPlan } from './set-boot';
import { verifyOnDevice } from './verify';

/**
 * The confirmations a job has: given up front (the CLI's --yes-erase), or asked for when a block
 * names one (the Transfers panel): the answer is the confirmations given, or undefined for no.
 */
export type ConfirmationSource = readonly Confirmation[] | ((blocked: CheckResult[], hostname: string) => Promise<readonly Confirmation[] | undefined>);

export interface RunOptions {
  signal?: AbortSignal;
  onEvent?: JobListener;
  /**
   * Opens a new session to the same device. Run-from-flash devices (2500, 1600) need it: their SSH
   * session drops while the Flash Load Helper copies, and the job reconnects to check the result (the
   * host key must be the one of this session).
   */
  reconnect?: () => Promise<DeviceSession>;
  /**
   * The separate confirmation of set-boot, asked with the exact commands just before they are sent
   * (after verify agreed); false leaves the boot variable as it is. Without it, asking for set-boot
   * is the confirmation (non-interactive use).
   */
  confirmSetBoot?: (plan: SetBootPlan) => Promise<boolean>;
}

export interface JobResult {
  outcome: JobOutcome;
  checks: CheckResult[];
  log: JobLog;
  /** The plan as it was carried out (after any confirmation). */
  plan: CopyPlan;
  /** Pulls: the local file. */
  localPath?: string;
}

/** What the steps found out, for the steps after them. */
interface RunState {
  session: DeviceSession;
  offer?: OfferInUse;
  copied?: CopyDone;
  /** Pulls: the device's MD5 of the source, read before the copy. */
  sourceMd5?: string;
  /** Set once the Flash Load Helper has taken over: a cancel then stops only the waiting. */
  reloading: boolean;
  copiedStartedAt?: number;
  /** After the Flash Load Helper: how the device came back (for the verify step's message). */
  reloaded?: { how: string };
}

export async function run(first: CopyPlan, session: DeviceSession, engine: TransferEngine | undefined, confirmations: ConfirmationSource, o: RunOptions = {}): Promise<JobResult> {
  const emit = (e: JobEvent) => o.onEvent?.(e);
  const log = new JobLog((l) => emit({ type: 'log', text: `${l.kind === 'sent' && first.request.kind === 'push' ? '> ' : ''}${l.text}` }));
  let p = first;
  const finish = (given: JobOutcome): JobResult => {
    // Device error lines repeat the copy URL: its one-time login or secret path never leave the job.
    const outcome = { ...given, message: log.redact(given.message), ...('cause' in given && given.cause ? { cause: log.redact(given.cause) } : {}) } as JobOutcome;
    log.add('note', `outcome: ${outcome.status} — ${outcome.message}`);
    emit({ type: 'outcome', outcome });
    emit({ type: 'phase', phase: 'done' });
    return { outcome, checks: p.checks, log, plan: p, ...(p.request.kind === 'pull' ? { localPath: p.target } : {}) };
  };
  const hostname = p.snapshot.device.hostname;

  emit({ type: 'phase', phase: 'preflight' });
  if (Array.isArray(confirmations)) {
    const given = confirmations as readonly Confirmation[];
    if (given.some((c) => !p.request.confirmations.includes(c))) p = plan(p.snapshot, { ...p.request, confirmations: [...new Set([...p.request.confirmations, ...given])] });
  }
  // Probes and confirmations: each answer goes into the snapshot or the request, and the plan is made again.
  for (;;) {
    if (p.probe) {
      const md5 = (await verifyOnDevice(session, p.probe.path, p.probe.sizeBytes, { log })).md5;
      p = plan({ ...p.snapshot, existingMd5: { path: p.probe.path, md5 } }, p.request);
      continue;
    }
    if (p.request.protocol === 'auto' || first.protocol !== p.protocol) emit({ type: 'protocol', protocol: p.protocol });
    emit({ type: 'checks', checks: p.checks });
    for (const c of p.checks) log.add('note', `check ${c.id}: ${c.status} — ${c.summary}`);
    if (!p.blocked.length) break;
    const message = p.blocked.map((b) => b.summary).join(' ');
    const needed = confirmationsFor(p.blocked);
    if (typeof confirmations !== 'function' || !needed) return finish({ status: 'blocked', message, checks: p.blocked });
    const given = await confirmations(p.blocked, hostname);
    if (o.signal?.aborted) return finish({ status: 'cancelled', message: 'cancelled while waiting for confirmation; nothing was sent to the device' });
    if (!given?.length) return finish({ status: 'blocked', message, checks: p.blocked });
    log.add('note', `confirmed by the user: ${given.join(', ')}`);
    p = plan(p.snapshot, { ...p.request, confirmations: [...new Set([...p.request.confirmations, ...given])] });
  }

  if (p.skipCopy && p.request.kind === 'push') {
    // The same-named file was hashed on the device and matches: as good as a verified copy.
    const skipped: Done = { status: 'skipped', message: `${hostname} already has ${p.target} with MD5 ${p.request.local.digests.md5}` };
    const boot = p.steps.find((s): s is Extract<CopyStep, { kind: 'set-boot' }> => s.kind === 'set-boot');
    try {
      return finish(boot ? await setBootAfter(skipped, true, { plan: boot.plan, session, hostname, log, emit, signal: o.signal, confirm: o.confirmSetBoot }) : skipped);
    } catch (err) {
      return finish({ status: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }

  const state: RunState = { session, reloading: false };
  // Cancel: the engine stops serving at once, and the SSH session is closed — IOS ends a copy when its
  // exec session goes away, and the transfer may already sit whole in socket buffers. Once the Flash
  // Load Helper has taken over, the boot image is loading the image: stopping the engine's transfer
  // then would leave flash erased, so a cancel only stops the waiting.
  const onAbort = () => {
    if (state.offer && !state.reloading) state.offer.abort();
    session.close();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let outcome: JobOutcome;
  try {
    outcome = await steps(p, state, { engine, log, emit, o });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (p.request.kind === 'pull' && !(err instanceof DeviceError)) throw err;
    outcome = o.signal?.aborted ? { status: 'cancelled', message: p.request.kind === 'push' ? `cancelled: ${message}` : message } : { status: 'failed', message };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    if (state.session !== session) state.session.close();
    // A cancel while the boot image loads keeps the offer: withdrawing it would leave flash erased.
    if (state.offer && !(state.reloading && o.signal?.aborted)) {
      state.offer.withdraw();
      // A cancelled job is reported once the engine has stopped serving it, not while it winds down —
      // and the engine's last word on the transfer (how far it got) is in the log before the outcome.
      if (o.signal?.aborted) await state.offer.settled();
    }
    state.offer?.watch.dispose();
  }
  return finish(outcome);
}

interface StepContext {
  engine: TransferEngine | undefined;
  log: JobLog;
  emit: (e: JobEvent) => void;
  o: RunOptions;
}

/** Carries out the plan's steps in order; the outcome is decided by the step that ends the job. */
async function steps(p: CopyPlan, state: RunState, c: StepContext): Promise<JobOutcome> {
  const { log, emit, o } = c;
  const hostname = p.snapshot.device.hostname;
  let outcome: Done | undefined;
  let verified = false;
  for (const step of p.steps) {
    switch (step.kind) {
      case 'offer': {
        if (!c.engine) throw new Error('an offer needs the bundled engine');
        state.offer = makeOffer(c.engine, p, step, { log, emit });
        break;
      }
      case 'hash-source': {
        state.sourceMd5 = (await verifyOnDevice(state.session, step.path, step.sizeBytes, { log })).md5;
        break;
      }
      case 'copy': {
        const copied = await copyOnDevice(p, step, state, { log, emit, signal: o.signal });
        if (copied.kind === 'reloading') {
          state.reloading = true;
          state.copiedStartedAt = copied.started;
          break;
        }
        if (copied.kind !== 'done') return copyFailure(p, step, copied, state.offer);
        state.copied = copied;
        if (p.request.kind === 'pull') return pullOutcome(p, step, copied, state.offer, state.sourceMd5, emit);
        const mismatch = state.offer?.watch.sentDigestMismatch(p.request.local.digests.md5);
        if (mismatch) return { status: 'failed', message: `${mismatch}${p.target} is left in place.` };
        if (!c.engine || !state.offer) emit(deviceProgress.end(copied.bytes, p.request.local.sizeBytes, copied.bytesPerSecond));
        outcome = { status: 'succeeded', target: p.target, bytes: copied.bytes, md5: p.request.local.digests.md5, seconds: copied.seconds, verified: false, message: `${p.request.local.name} copied to ${hostname} ${p.target} (not verified)` };
        break;
      }
      case 'await-reload': {
        if (!state.reloading) break;
        const judged = await afterReload(p, step, state, { log, emit, reconnect: o.reconnect, signal: o.signal });
        if (judged.status !== 'reloaded') return judged;
        state.session = judged.session;
        state.reloaded = { how: judged.how };
        outcome = judged.outcome;
        verified = false;
        break;
      }
      case 'verify': {
        if (p.request.kind !== 'push' || !outcome || outcome.status !== 'succeeded') break;
        const r = await verifyPush(p, step, state.session, outcome, { log, emit, ...(state.reloaded ? { afterReload: state.reloaded } : {}) });
        if (r.status !== 'succeeded') return r;
        outcome = r;
        verified = r.verified;
        break;
      }
      case 'set-boot': {
        if (!outcome) break;
        return setBootAfter(outcome, verified, { plan: step.plan, session: state.session, hostname, log, emit, signal: o.signal, confirm: o.confirmSetBoot });
      }
      default: {
        const never: never = step;
        throw new Error(`unknown step ${JSON.stringify(never)}`);
      }
    }
  }
  if (!outcome) throw new Error('the plan has no copy step');
  return outcome;
}
