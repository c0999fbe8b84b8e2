// "Reload into New Image": the step after set-boot on classic IOS. The pre-checks (preflight/reload.ts)
// and the device's own MD5 of the image come first, then the person's confirmation, then `reload`
// with IOS's dialogue; the session drops, the job waits for SSH to answer again — the same host key
// only (flash-load-helper.ts) — and reads `show version` to say which image actually booted. When it
// is not the new one, the outcome says so loudly, with the device's own reason for the last reload:
// a fallback boot looks like success to anyone who only checks that the device came back.
import { ctrlC, type DeviceSession, DialogueRefusedError, enter, parseShowVersion, Refuse, reloadConfirmPrompt, reloadSavePrompt, yesNoRule, type DialogueRule, type ShowVersion } from '../device';
import { type DeviceSnapshot, devicePathOn, fileSystemOf, splitDevicePath } from './device-snapshot';
import { DeviceNotBackError, HostKeyDifferentError, waitForDevice } from './flash-load-helper';
import type { JobEvent, JobListener, JobOutcome } from './job-events';
import { JobLog } from './job-log';
import type { CheckResult } from './preflight/check';
import { planReload, type ReloadPlan, type ReloadPlanRequest, reloadTarget } from './preflight/reload';
import { formatDuration } from './protocol-choice';
import { verifyOnDevice } from './verify';

export { planReload, reloadIntoImageTiming, type ReloadPlan, type ReloadPlanRequest, type ReloadTiming } from './preflight/reload';

/** How the job ended, for exit codes and callers; `outcome` says it in words. */
export type ReloadResultKind =
  | 'booted-new'
  | 'booted-fallback'
  | 'booted-other'
  | 'blocked'
  | 'declined'
  | 'unsaved-config'
  | 'not-down'
  | 'not-back'
  | 'host-key-different'
  | 'failed'
  | 'cancelled';

/** What `show version` said once the device was back. */
export interface BootedImage {
  image?: string;
  version?: string;
  /** `Last reload reason: …` */
  lastReloadReason?: string;
  /** `System returned to ROM by …` */
  returnedToRomBy?: string;
  /** From the session drop until SSH answered again. */
  waitedMs: number;
}

export interface ReloadResult {
  result: ReloadResultKind;
  outcome: JobOutcome;
  checks: CheckResult[];
  plan?: ReloadPlan;
  booted?: BootedImage;
  /** The typed error behind `not-back` (DeviceNotBackError) and `host-key-different` (HostKeyDifferentError). */
  error?: DeviceNotBackError | HostKeyDifferentError;
  log: JobLog;
}

export interface ReloadOptions extends ReloadPlanRequest {
  /**
   * The reload's own confirmation, asked with the plan (from → to, fallback, outage) after the
   * checks passed; false sends nothing. The CLI asks for the typed hostname (or --yes-reload).
   * `{ saveConfig }`: confirmed, and the person decided here whether unsaved changes may be saved.
   */
  confirm: (plan: ReloadPlan) => Promise<boolean | { saveConfig: boolean }>;
  /** A new session to the same device, for after the reload. Without it the job cannot prove what booted and refuses. */
  reconnect?: () => Promise<DeviceSession>;
  /** The device's MD5 of the image when the caller has just read it (a push's verify): not read again. */
  md5OnDevice?: string;
  signal?: AbortSignal;
  onEvent?: JobListener;
  /** A log to add to (a push's), instead of a new one. */
  log?: JobLog;
}

/** `reload`'s questions: save only when the person allowed it; `[confirm]` ends the command (the session drops). */
function reloadRules(saveConfig: boolean): DialogueRule[] {
  return [
    yesNoRule('reload-save', reloadSavePrompt, () => (saveConfig ? true : new Refuse('the configuration has unsaved changes and saving them was not allowed', ctrlC))),
    { name: 'reload', prompt: reloadConfirmPrompt, answer: () => enter, continue: false },
  ];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the session drops (the device went down), or `ms` passes; a cancel ends the wait (the waiting after it says so). */
async function sessionDrops(session: DeviceSession, ms: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!session.isClosed && !signal?.aborted) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function quoteReason(v: ShowVersion): string {
  const parts = [v.returnedToRomBy ? `"System returned to ROM by ${v.returnedToRomBy}"` : undefined, v.lastReloadReason ? `"Last reload reason: ${v.lastReloadReason}"` : undefined].filter(Boolean);
  return parts.length ? parts.join(', ') : 'show version gave no reason for the last reload';
}

export async function reloadIntoImage(session: DeviceSession, device: DeviceSnapshot, o: ReloadOptions): Promise<ReloadResult> {
  const emit = (e: JobEvent) => o.onEvent?.(e);
  const log = o.log ?? new JobLog((l) => emit({ type: 'log', text: `${l.kind === 'sent' ? '> ' : ''}${l.text}` }));
  const host = device.hostname;
  let plan: ReloadPlan | undefined;
  let checks: CheckResult[] = [];
  const finish = (result: ReloadResultKind, outcome: JobOutcome, booted?: BootedImage, error?: ReloadResult['error']): ReloadResult => {
    log.add('note', `outcome: ${outcome.status} — ${outcome.message}`);
    emit({ type: 'outcome', outcome });
    emit({ type: 'phase', phase: 'done' });
    return { result, outcome, checks, ...(plan ? { plan } : {}), ...(booted ? { booted } : {}), ...(error ? { error } : {}), log };
  };

  emit({ type: 'phase', phase: 'preflight' });
  // The device's own hash of the image: a corrupt file is found before the reload, not after.
  const target = reloadTarget(device, o.image);
  let md5OnDevice: { md5?: string } | undefined = o.md5OnDevice ? { md5: o.md5OnDevice } : undefined;
  if (!md5OnDevice && target) {
    const { fileSystem, name } = splitDevicePath(target);
    const file = fileSystemOf(device, fileSystem)?.files?.find((f) => f.name === name);
    if (file) {
      // A cancel while the device hashes a large image ends the session: IOS stops the verify with it.
      const onAbort = () => session.close();
      o.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        md5OnDevice = await verifyOnDevice(session, target, file.sizeBytes, { log });
      } catch (err) {
        if (o.signal?.aborted) return finish('cancelled', { status: 'cancelled', message: `cancelled during verify /md5 ${target}; ${host} was not reloaded` });
        return finish('failed', { status: 'failed', message: `verify /md5 ${target} on ${host} failed: ${err instanceof Error ? err.message : String(err)}. Nothing was reloaded.` });
      } finally {
        o.signal?.removeEventListener('abort', onAbort);
      }
    }
  }
  // The register in effect at the next reload decides whether a router reads its boot entries at all.
  let configRegister: string | undefined;
  try {
    log.add('sent', 'show version');
    const v = parseShowVersion(await session.run('show version', { timeoutMs: 60_000 }));
    configRegister = v.nextConfigRegister ?? v.configRegister;
  } catch (err) {
    log.add('note', `show version could not be read for the configuration register: ${err instanceof Error ? err.message : String(err)}`);
  }
  plan = planReload(device, o, md5OnDevice, configRegister);
  checks = plan.checks;
  emit({ type: 'checks', checks });
  for (const c of checks) log.add('note', `check ${c.id}: ${c.status} — ${c.summary}`);
  if (!o.reconnect) {
    checks = [...checks, { id: 'reconnect', title: 'Reconnect', status: 'blocking', summary: `This job has no way to reconnect to ${host}, so it could not tell which image booted.`, facts: [] }];
    plan = { ...plan, checks, blocked: [...plan.blocked, checks.at(-1)!] };
  }
  if (plan.blocked.length) return finish('blocked', { status: 'blocked', message: `Not reloaded: ${plan.blocked.map((b) => b.summary).join(' ')}`, checks: plan.blocked });
  if (o.signal?.aborted) return finish('cancelled', { status: 'cancelled', message: `cancelled before the reload; ${host} was not reloaded` });

  const answer = await o.confirm(plan);
  if (typeof answer === 'object') plan = { ...plan, saveConfig: answer.saveConfig };
  if (answer === false) {
    log.add('note', `reload declined: ${host} was not reloaded`);
    return finish('declined', { status: 'blocked', message: `Not reloaded: the reload was not confirmed. ${host} runs ${plan.from ?? 'its image'} as before and boots ${plan.to} at its next reload.`, checks: [] });
  }
  if (o.signal?.aborted) return finish('cancelled', { status: 'cancelled', message: `cancelled before the reload; ${host} was not reloaded` });
  log.add('note', `reload confirmed by the user: ${host} from ${plan.from ?? '?'} to ${plan.to}${plan.saveConfig ? '; unsaved changes may be saved' : ''}`);

  // The key the device must present again: a different one is another box, or someone in the middle.
  const hostKey = session.facts().hostKey.fingerprint;
  emit({ type: 'phase', phase: 'reloading' });
  log.add('sent', 'reload');
  try {
    const said = await session.run('reload', { rules: reloadRules(plan.saveConfig), timeoutMs: 120_000 });
    if (said.trim()) log.add('received', said.trim());
  } catch (err) {
    if (err instanceof DialogueRefusedError && reloadSavePrompt.test(err.prompt.trim())) {
      return finish('unsaved-config', {
        status: 'blocked',
        message: `Not reloaded: ${host} says its configuration has unsaved changes ("System configuration has been modified"), and saving them was not allowed. Nothing was saved or lost. Save it (write memory) or allow the job to save it, then reload.`,
        checks: [],
      });
    }
    if (!session.isClosed) return finish('failed', { status: 'failed', message: `reload on ${host} failed: ${err instanceof Error ? err.message : String(err)}. ${host} was not reloaded.` });
    // The session dropped during the dialogue: the device went down as it answered.
  }
  const dropStarted = Date.now();
  if (!(await sessionDrops(session, plan.timing.downMs, o.signal))) {
    return finish('not-down', {
      status: 'failed',
      message: `${host} confirmed the reload but its SSH session was still up after ${formatDuration(plan.timing.downMs / 1000)}: it did not go down. Check it (show version, its console) before anything else.`,
    });
  }
  log.add('note', `${host} went down (the SSH session dropped); waiting up to ${formatDuration(plan.timing.timeoutMs / 1000)} for it to answer again`);

  let after: DeviceSession;
  try {
    after = await waitForDevice({ device: host, reconnect: o.reconnect!, hostKeyFingerprint: hostKey, timing: plan.timing, ...(o.signal ? { signal: o.signal } : {}), log });
  } catch (err) {
    if (o.signal?.aborted) {
      return finish('cancelled', { status: 'cancelled', message: `cancelled while ${host} reloads: the reload itself goes on. Check which image it booted (show version) when it is back.` });
    }
    if (err instanceof HostKeyDifferentError) return finish('host-key-different', { status: 'failed', message: `${err.message}. Nothing was sent to it; check the device from its console.` }, undefined, err);
    if (err instanceof DeviceNotBackError) {
      return finish('not-back', {
        status: 'failed',
        message: `${host} did not answer SSH again within ${formatDuration(err.waitedMs / 1000)} after the reload (${err.attempts} attempts${err.lastError ? `; last: ${err.lastError}` : ''}). It may still be booting, or be stuck in ROMMON if neither ${plan.to} nor ${plan.fallback ?? 'any other image'} loaded: check its console.`,
        ...(err.lastError ? { cause: err.lastError } : {}),
      }, undefined, err);
    }
    return finish('failed', { status: 'failed', message: `waiting for ${host} after the reload failed: ${err instanceof Error ? err.message : String(err)}` });
  }

  emit({ type: 'phase', phase: 'verifying' });
  const waitedMs = Date.now() - dropStarted;
  try {
    log.add('sent', 'show version');
    const text = await after.run('show version', { timeoutMs: 60_000 });
    log.add('received', text.trimEnd());
    const v = parseShowVersion(text);
    const booted: BootedImage = { waitedMs, ...(v.imageFile ? { image: v.imageFile } : {}), ...(v.version ? { version: v.version } : {}), ...(v.lastReloadReason ? { lastReloadReason: v.lastReloadReason } : {}), ...(v.returnedToRomBy ? { returnedToRomBy: v.returnedToRomBy } : {}) };
    const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && devicePathOn(device, a) === devicePathOn(device, b);
    const back = `after ${formatDuration(waitedMs / 1000)} (same host key)`;
    if (same(v.imageFile, plan.to)) {
      const fs = fileSystemOf(device, splitDevicePath(plan.to).fileSystem);
      const size = fs?.files?.find((f) => f.name === splitDevicePath(plan!.to).name)?.sizeBytes ?? 0;
      return finish(
        'booted-new',
        {
          status: 'succeeded',
          // The image now running: its size and MD5 as the pre-checks read them; `seconds` is the outage.
          bytes: size,
          md5: md5OnDevice?.md5 ?? '',
          seconds: Math.round(waitedMs / 1000),
          verified: plan.checks.some((c) => c.id === 'image-verified' && c.status === 'ok'),
          target: plan.to,
          message: `${host} reloaded into ${plan.to}${v.version ? ` (version ${v.version})` : ''} and answers again ${back}. ${quoteReason(v)}.${plan.fallback ? ` ${plan.fallback} stays as the fallback entry.` : ''}`,
        },
        booted,
      );
    }
    const which = same(v.imageFile, plan.fallback) ? 'booted-fallback' : 'booted-other';
    const what = which === 'booted-fallback' ? `the FALLBACK entry ${v.imageFile}` : `${v.imageFile ?? 'an image show version did not name'}, which is neither the new image nor the fallback entry`;
    return finish(
      which,
      {
        status: 'failed',
        message:
          `${host} DID NOT BOOT THE NEW IMAGE: it came back ${back} running ${what}${v.version ? ` (version ${v.version})` : ''}, not ${plan.to}. ` +
          `The device says: ${quoteReason(v)}. IOS skips a boot entry it cannot load (a corrupt or incomplete file, an image for another platform): ` +
          `verify /md5 ${plan.to} against Cisco's published checksum and copy it again. Its boot variable still names ${plan.to} first, so the next reload tries it again.`,
        cause: quoteReason(v),
      },
      booted,
    );
  } catch (err) {
    return finish('failed', { status: 'failed', message: `${host} is back ${formatDuration(waitedMs / 1000)} after the reload, but show version could not be read: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    after.close();
  }
}
