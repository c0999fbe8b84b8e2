// Image copies driven from the UI: open the device's session, gather its snapshot, and run the
// jobs layer's push or pull on a card of the Transfers panel (confirmations answered there). The
// device's node is refreshed when its flash changed.
import { mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DeviceSession } from '../../device';
import { type DeviceSnapshot, gatherSnapshot, type JobOutcome, type ProtocolChoice, pullFile, pushImage, readLocalImage, splitDevicePath } from '../../jobs';
import type { Ctx } from '../ctx';
import type { DeviceConfig } from '../devices/device-config';
import { openSession } from '../devices/inventory-loader';
import { TransfersPanel } from './panel';
import { type JobFunction, runJob, type RunJobHooks } from './job-runner';
import { endNotice, type JobNotice, waitingNotice } from './job-notifications';
import type { JobCard } from './protocol';

export function showTransfers(ctx: Ctx): void {
  TransfersPanel.createOrShow({ extensionUri: ctx.extension.extensionUri, store: ctx.jobs, showLog: () => ctx.log.show() });
}

/** How a job shows itself outside its card: the status bar, the output channel, notifications. */
export interface JobReporting {
  /** Notify the job's end (a group upload notifies its summary instead). Waiting is always notified. */
  notifyEnd?: boolean;
}

function showNotice(ctx: Ctx, notice: JobNotice, setBoot?: () => void): void {
  const show = { info: vscode.window.showInformationMessage, warning: vscode.window.showWarningMessage, error: vscode.window.showErrorMessage }[notice.severity];
  void show(notice.text, ...notice.actions).then((a) => {
    if (a === 'Show Transfers') showTransfers(ctx);
    else if (a === 'Show Log') ctx.log.show();
    else if (a === 'Set as Boot Image…') setBoot?.();
  });
}

function hooks(ctx: Ctx, device: DeviceConfig, label: string, reporting: JobReporting): RunJobHooks {
  const status = () => ctx.status.update({ running: ctx.jobs.count('running'), waiting: ctx.jobs.count('waiting') });
  return {
    onStart: status,
    onLog: (_id, text) => ctx.log.job(label, text),
    onWaiting: (_id, pending) => {
      status();
      showNotice(ctx, waitingNotice(device.name, pending));
    },
    onDecided: status,
    onEnd: (_id, outcome, end) => {
      status();
      ctx.log.info(`[${label}] ${end.status}: ${end.message}`);
      if (reporting.notifyEnd === false) return;
      // A verified upload offers the next step: the Devices view's own Set as Boot Image… (its modal shows the commands).
      const target = outcome.status === 'succeeded' ? outcome.target : undefined;
      const setBoot = target
        ? () => {
            const { fileSystem, name } = splitDevicePath(target);
            void vscode.commands.executeCommand('iosImageManager.setBootImage', { ref: { device: device.name, fileSystem, file: name } });
          }
        : undefined;
      showNotice(ctx, endNotice(device.name, outcome, end), setBoot);
    },
  };
}

/** One session and snapshot per job, closed at the end (a confirmation continues the same job). */
async function withDeviceJob(
  ctx: Ctx,
  device: DeviceConfig,
  init: Pick<JobCard, 'file' | 'protocol' | 'direction'>,
  attempt: (session: DeviceSession, snapshot: DeviceSnapshot, ...rest: Parameters<JobFunction>) => Promise<{ outcome: JobOutcome }>,
  reporting: JobReporting,
): Promise<JobOutcome> {
  showTransfers(ctx);
  let session: DeviceSession | undefined;
  let snapshot: DeviceSnapshot | undefined;
  try {
    const outcome = await runJob(
      ctx.jobs,
      { device: device.name, ...init },
      async (confirm, signal, onEvent) => {
        onEvent({ type: 'phase', phase: 'gathering' });
        session = await openSession(ctx, device);
        snapshot = await gatherSnapshot(session, device.username);
        return attempt(session, snapshot, confirm, signal, onEvent);
      },
      hooks(ctx, device, `${device.name} ${init.file}`, reporting),
    );
    return outcome;
  } finally {
    (session as DeviceSession | undefined)?.close();
  }
}

export interface PushChoices {
  destination?: string;
  /** `ip tftp blocksize` for this copy (put back afterwards), when the person chose it. */
  tftpBlocksize?: number;
}

export async function pushJob(ctx: Ctx, device: DeviceConfig, localPath: string, protocol: ProtocolChoice, choices: PushChoices = {}, reporting: JobReporting = {}): Promise<JobOutcome> {
  const { destination, tftpBlocksize } = choices;
  const outcome = await withDeviceJob(ctx, device, { file: path.basename(localPath), protocol, direction: 'to-device' }, async (session, snapshot, confirm, signal, onEvent) => {
    onEvent({ type: 'log', text: `# reading ${localPath} (MD5, SHA-512, image header)` });
    const local = await readLocalImage(localPath);
    const server = ctx.serverFor(device);
    return pushImage(session, snapshot, {
      protocol,
      local,
      ...(destination ? { destination } : {}),
      ...(tftpBlocksize ? { tftpBlocksize } : {}),
      server,
      deviceHost: device.host,
      confirmations: confirm,
      reconnect: () => openSession(ctx, device),
      signal,
      onEvent,
    });
  }, reporting);
  if (outcome.status === 'succeeded' || outcome.status === 'failed' || outcome.status === 'cancelled') ctx.tree.refresh(device.name);
  return outcome;
}

export interface PullChoices {
  /** Default the device file's name. */
  localName?: string;
  /**
   * Replace a local file of that name: the copy lands in a folder beside it and replaces it only
   * once it is complete and verified (the person confirmed the overwrite).
   */
  overwrite?: boolean;
}

export async function pullJob(ctx: Ctx, device: DeviceConfig, deviceFile: string, protocol: ProtocolChoice, localDir: string, choices: PullChoices = {}, reporting: JobReporting = {}): Promise<JobOutcome> {
  const localName = choices.localName ?? path.basename(splitDevicePath(deviceFile).name);
  return withDeviceJob(
    ctx,
    device,
    { file: deviceFile, protocol, direction: 'from-device' },
    async (session, snapshot, _confirm, signal, onEvent) => {
      const server = ctx.serverFor(device);
      if (!choices.overwrite) return pullFile(session, snapshot, { protocol, deviceFile, localDir, localName, server, deviceHost: device.host, signal, onEvent });
      // Same folder, so the final rename is atomic and never crosses file systems.
      const staging = await mkdtemp(path.join(localDir, '.iim-download-'));
      try {
        const r = await pullFile(session, snapshot, { protocol, deviceFile, localDir: staging, localName, server, deviceHost: device.host, signal, onEvent });
        const finalPath = path.join(localDir, localName);
        if (r.outcome.status !== 'succeeded') return r;
        await rename(r.localPath, finalPath);
        onEvent({ type: 'log', text: `replaced ${finalPath} with the verified copy` });
        return { ...r, outcome: { ...r.outcome, message: `${r.outcome.message.split(r.localPath).join(finalPath)}; it replaced the file that was there` } };
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    },
    reporting,
  );
}
