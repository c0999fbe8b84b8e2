// The IOS-XE install on a card of the Transfers panel: the jobs layer's installImage, its pre-flight
// and its steps on the card, the reload confirmed there with the device's hostname typed (the card
// shows versions from → to, the members that reload, the outage and the safety net), the device's
// node refreshed at the end (version, mode, install summary). Thin: no device logic here.
import path from 'node:path';
import { type CheckResult, type InstallJobEvent, type InstallOutcome, installImage, type JobOutcome, type ReloadSummary, readLocalImage } from '../../jobs';
import type { Protocol } from '../../engine';
import type { Ctx } from '../ctx';
import type { DeviceConfig } from '../devices/device-config';
import { openSession } from '../devices/inventory-loader';
import { InstallStepTracker } from './install-steps';
import { runJob } from './job-runner';
import { showTransfers } from './transfer-jobs';

export interface InstallChoices {
  protocol: Protocol;
  direct: boolean;
  oneShot: boolean;
  autoAbortMinutes: number;
}

/** The reload as a pending confirmation: the card's typed-hostname box shows exactly this. */
export function reloadCheck(r: ReloadSummary): CheckResult {
  return {
    id: 'install-reload',
    title: 'Reload',
    status: 'blocking',
    summary: `Installing RELOADS ${r.hostname}: ${r.from ?? '?'} → ${r.to ?? '?'}.`,
    facts: [`members that reload: ${r.members.join(', ')}`, `expected outage: ${r.outage}`, `safety net: ${r.safetyNet}`, ...r.commands.map((c) => `> ${c}`)],
    confirmation: 'install-reload',
  };
}

/** The card's end in the copy jobs' terms: committed is the only success. */
export function jobOutcomeOf(o: InstallOutcome, file: string): JobOutcome {
  switch (o.status) {
    case 'committed':
      return { status: 'succeeded', bytes: 0, md5: '', seconds: 0, verified: true, message: o.message, target: file };
    case 'blocked':
      return { status: 'blocked', message: o.message, checks: o.checks };
    case 'declined':
      return { status: 'blocked', message: o.message, checks: [] };
    case 'cancelled':
      return { status: 'cancelled', message: o.message };
    default:
      return { status: 'failed', message: o.message };
  }
}

export async function installJob(ctx: Ctx, device: DeviceConfig, image: { localPath: string } | { devicePath: string }, choices: InstallChoices): Promise<JobOutcome> {
  showTransfers(ctx);
  const file = 'localPath' in image ? path.basename(image.localPath) : image.devicePath;
  let cardId: string | undefined;
  const tracker = new InstallStepTracker();
  const outcome = await runJob(
    ctx.jobs,
    { device: device.name, file, protocol: 'localPath' in image ? choices.protocol : 'flash', direction: 'to-device' },
    async (confirm, signal, onEvent) => {
      const session = await openSession(ctx, device);
      try {
        const local = 'localPath' in image ? await readLocalImage(image.localPath) : undefined;
        const server = ctx.serverFor(device);
        const onInstall = (e: InstallJobEvent) => {
          const steps = tracker.apply(e);
          if (steps && cardId) ctx.jobs.update(cardId, { steps });
          if (e.type === 'stage') onEvent({ type: 'log', text: `# ${e.stage}` });
          else if (e.type === 'checks') onEvent({ type: 'checks', checks: e.checks });
          else if (e.type === 'log') onEvent({ type: 'log', text: e.text });
          else if (e.type === 'waiting') onEvent({ type: 'log', text: `waiting for ${e.what}: ${e.elapsedSeconds} s`, live: true });
          else if (e.type === 'health') onEvent({ type: 'log', text: `health check: ${e.health.healthy ? 'healthy' : 'NOT healthy'} — ${e.health.facts.map((f) => `${f.ok ? 'ok' : 'PROBLEM'}: ${f.text}`).join('; ')}` });
          else if (e.type === 'copy' && e.event.type !== 'outcome' && !(e.event.type === 'phase' && e.event.phase === 'done')) onEvent(e.event);
        };
        const r = await installImage(session, {
          ...(local ? { local } : { devicePath: (image as { devicePath: string }).devicePath }),
          server,
          protocol: choices.protocol,
          transfer: choices.direct ? 'direct' : 'copy',
          oneShot: choices.oneShot,
          autoAbortMinutes: choices.autoAbortMinutes,
          confirmations: confirm,
          confirmReload: async (summary) => ((await confirm([reloadCheck(summary)], summary.hostname)) ?? []).includes('install-reload'),
          reconnect: () => openSession(ctx, device),
          loginUser: device.username,
          deviceHost: device.host,
          // The simulated lab reloads in seconds: its devices are tried again at once, not after half a minute.
          ...(ctx.lab.isLabDevice(device.name) ? { reloadTimeoutMs: 90_000 } : {}),
          signal,
          onEvent: onInstall,
        });
        return { outcome: jobOutcomeOf(r.outcome, file) };
      } finally {
        session.close();
      }
    },
    {
      onStart: (id) => {
        cardId = id;
        ctx.jobs.update(id, { steps: tracker.current });
        ctx.status.update({ running: ctx.jobs.count('running'), waiting: ctx.jobs.count('waiting') });
      },
      onLog: (_id, text) => ctx.log.job(`${device.name} install ${file}`, text),
      onEnd: (_id, _o, end) => {
        ctx.status.update({ running: ctx.jobs.count('running'), waiting: ctx.jobs.count('waiting') });
        ctx.log.info(`[${device.name} install ${file}] ${end.status}: ${end.message}`);
      },
    },
  );
  ctx.tree.refresh(device.name);
  return outcome;
}
