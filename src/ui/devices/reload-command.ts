// "Reload into New Image…" on a device, or on the boot image file in the Devices view. Thin: the jobs
// layer checks, reloads, waits and proves which image booted; this asks (a modal with the plan, then
// the hostname typed, as for the other dangerous operations), shows the phases in a progress
// notification, writes the job's log to the output channel and says the result.
import * as vscode from 'vscode';
import { gatherSnapshot, type JobPhase, type ReloadPlan, reloadIntoImage, type ReloadResult } from '../../jobs';
import type { Ctx } from '../ctx';
import { deviceOf } from '../transfers/transfer-commands';
import { openSession } from './inventory-loader';
import { reloadButton, reloadConfirmationDetail, reloadNotice, saveAndReloadButton } from './reload-text';
import type { NodeView } from './tree-model';

const phaseText: Partial<Record<JobPhase, string>> = {
  preflight: 'checking the boot variable and the new image (verify /md5)…',
  reloading: 'reloading; waiting for the device to answer again…',
  verifying: 'back: reading show version…',
};

/** The reload's own confirmation: the plan in a modal, then the hostname typed. */
async function confirmReload(plan: ReloadPlan): Promise<false | { saveConfig: boolean }> {
  const answer = await vscode.window.showWarningMessage(`Reload ${plan.hostname} into ${plan.to}?`, { modal: true, detail: reloadConfirmationDetail(plan) }, reloadButton, saveAndReloadButton);
  if (answer !== reloadButton && answer !== saveAndReloadButton) return false;
  const typed = await vscode.window.showInputBox({
    title: `Reload ${plan.hostname}`,
    prompt: `The device goes down (${plan.outage}). Type its hostname (${plan.hostname}) to reload it.`,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === plan.hostname ? undefined : `Type ${plan.hostname} exactly`),
  });
  if (typed?.trim() !== plan.hostname) return false;
  return { saveConfig: answer === saveAndReloadButton };
}

export async function reloadIntoNewImage(ctx: Ctx, node?: unknown): Promise<ReloadResult | undefined> {
  const device = deviceOf(ctx, node);
  if (!device) return undefined;
  const ref = (node as NodeView | undefined)?.ref;
  const image = ref?.fileSystem && ref.file ? `${ref.fileSystem}${ref.file}` : undefined;
  const label = `${device.name} reload`;
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${device.name}: Reload into New Image`, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const session = await openSession(ctx, device);
    try {
      const snapshot = await gatherSnapshot(session, device.username);
      return await reloadIntoImage(session, snapshot, {
        ...(image ? { image } : {}),
        confirm: confirmReload,
        reconnect: () => openSession(ctx, device),
        signal: abort.signal,
        onEvent: (e) => {
          if (e.type === 'phase' && phaseText[e.phase]) progress.report({ message: phaseText[e.phase] });
          if (e.type === 'log') ctx.log.job(label, e.text);
        },
      });
    } finally {
      cancel.dispose();
      session.close();
    }
  });
  ctx.tree.refresh(device.name);
  const notice = reloadNotice(device.name, result);
  ctx.log.info(`[${label}] ${result.result}: ${result.outcome.message}`);
  const show = { info: vscode.window.showInformationMessage, warning: vscode.window.showWarningMessage, error: vscode.window.showErrorMessage }[notice.severity];
  void show(notice.text, 'Show Log').then((a) => a === 'Show Log' && ctx.log.show());
  return result;
}
