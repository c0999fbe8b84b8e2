// Image copies driven from the UI: open the device's session, gather its snapshot, and run the
// jobs layer's push or pull on a card of the Transfers panel (confirmations answered there). The
// device's node is refreshed when its flash changed.
import path from 'node:path';
import * as vscode from 'vscode';
import type { DeviceSession } from '../../device';
import type { TransferProtocol } from '../../jobs/copy-command';
import { type DeviceSnapshot, splitDevicePath } from '../../jobs/device-snapshot';
import { gatherSnapshot } from '../../jobs/gather';
import type { JobOutcome } from '../../jobs/job-events';
import { type LocalImage, readLocalImage } from '../../jobs/local-image';
import { pullFile } from '../../jobs/pull';
import { pushImage } from '../../jobs/push';
import type { Ctx } from '../ctx';
import type { DeviceConfig } from '../devices/device-config';
import { openSession } from '../devices/inventory-loader';
import { TransfersPanel } from './panel';
import { type JobFunction, runJob, type RunJobHooks } from './job-runner';
import type { JobCard } from './protocol';

export function showTransfers(ctx: Ctx): void {
  TransfersPanel.createOrShow({ extensionUri: ctx.extension.extensionUri, store: ctx.jobs, showLog: () => ctx.log.show() });
}

function hooks(ctx: Ctx, label: string): RunJobHooks {
  return {
    onStart: () => ctx.status.update({ activeJobs: ctx.jobs.activeCount }),
    onLog: (_id, text) => ctx.log.job(label, text),
    onEnd: (_id, outcome) => {
      ctx.status.update({ activeJobs: ctx.jobs.activeCount });
      ctx.log.info(`[${label}] ${outcome.status}: ${outcome.message}`);
    },
  };
}

/** One session and snapshot per job, kept across a confirmation's re-run, closed at the end. */
async function withDeviceJob(
  ctx: Ctx,
  device: DeviceConfig,
  init: Pick<JobCard, 'file' | 'protocol' | 'direction'>,
  attempt: (session: DeviceSession, snapshot: DeviceSnapshot, ...rest: Parameters<JobFunction>) => Promise<{ outcome: JobOutcome }>,
): Promise<JobOutcome> {
  showTransfers(ctx);
  let session: DeviceSession | undefined;
  let snapshot: DeviceSnapshot | undefined;
  try {
    const outcome = await runJob(
      ctx.jobs,
      { device: device.name, ...init },
      async (confirmations, signal, onEvent) => {
        if (!session || session.isClosed || !snapshot) {
          onEvent({ type: 'phase', phase: 'gathering' });
          session = await openSession(ctx, device);
          snapshot = await gatherSnapshot(session, device.username);
        }
        const r = await attempt(session, snapshot, confirmations, signal, onEvent);
        return { outcome: r.outcome, hostname: snapshot.hostname };
      },
      hooks(ctx, `${device.name} ${init.file}`),
    );
    return outcome;
  } finally {
    (session as DeviceSession | undefined)?.close();
  }
}

export async function pushJob(ctx: Ctx, device: DeviceConfig, localPath: string, protocol: TransferProtocol, destination?: string): Promise<JobOutcome> {
  let local: LocalImage | undefined;
  const outcome = await withDeviceJob(ctx, device, { file: path.basename(localPath), protocol, direction: 'to-device' }, async (session, snapshot, confirmations, signal, onEvent) => {
    if (!local) {
      onEvent({ type: 'log', text: `# reading ${localPath} (MD5, SHA-512, image header)` });
      local = await readLocalImage(localPath);
    }
    const server = await ctx.serverFor(device, protocol, session);
    return pushImage(session, snapshot, { protocol, local, ...(destination ? { destination } : {}), server, confirmations, reconnect: () => openSession(ctx, device), signal, onEvent });
  });
  if (outcome.status === 'succeeded' || outcome.status === 'failed' || outcome.status === 'cancelled') ctx.tree.refresh(device.name);
  return outcome;
}

export async function pullJob(ctx: Ctx, device: DeviceConfig, deviceFile: string, protocol: TransferProtocol, localDir: string): Promise<JobOutcome> {
  return withDeviceJob(ctx, device, { file: deviceFile, protocol, direction: 'from-device' }, async (session, snapshot, _confirmations, signal, onEvent) => {
    const server = await ctx.serverFor(device, protocol, session);
    return pullFile(session, snapshot, { protocol, deviceFile, localDir, server, signal, onEvent });
  });
}

/**
 * A verified upload's success message offers the optional next step: Set as Boot Image…, which is
 * the Devices view's own command (its modal shows the exact commands before anything is sent).
 */
export function notifyPushOutcome(device: DeviceConfig, outcome: JobOutcome): void {
  if (outcome.status !== 'succeeded' || !outcome.verified || !outcome.target) return notifyOutcome(device.name, outcome);
  const { fileSystem, name } = splitDevicePath(outcome.target);
  const action = 'Set as Boot Image…';
  void vscode.window.showInformationMessage(`${device.name}: ${outcome.message}`, action).then((a) => {
    if (a === action) void vscode.commands.executeCommand('iosImageManager.setBootImage', { ref: { device: device.name, fileSystem, file: name } });
  });
}

export function notifyOutcome(what: string, outcome: JobOutcome): void {
  const text = `${what}: ${outcome.message}`;
  if (outcome.status === 'succeeded' || outcome.status === 'skipped') void vscode.window.showInformationMessage(text);
  else if (outcome.status === 'cancelled') void vscode.window.showWarningMessage(text);
  else void vscode.window.showErrorMessage(text);
}
