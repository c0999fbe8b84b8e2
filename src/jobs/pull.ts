// A copy of a file from a device to this machine: the device pushes it to an upload slot of the
// bundled engine (or to a named server), the file appears only when complete, and its digest is
// compared with the device's own `verify /md5`.
import { stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { CopyProgressTracker, type DeviceSession, DialogueRefusedError, DeviceError } from '../device';
import { generateIdentity, type TransferEvent } from '../engine';
import { bytesPerMark, type CopySpec, copyCommand, copyRules, type RemoteEndpoint, type TransferProtocol } from './copy-command';
import { type DeviceSnapshot, fileSystemOf, splitDevicePath, unknownBecause } from './device-snapshot';
import { deviceProgress, eta, type JobEvent, type JobListener, type JobOutcome } from './job-events';
import { JobLog } from './job-log';
import { blockers, type CheckResult } from './preflight/check';
import { rcpIdentity } from './preflight/credentials';
import { formatSize } from './preflight/format-size';
import { checkReachability } from './preflight/reachability';
import type { EngineServer, ExternalServer, JobResult } from './push';
import { verifyOnDevice } from './verify';

export interface PullOptions {
  protocol: TransferProtocol;
  /** `flash:name` on the device. */
  deviceFile: string;
  localDir: string;
  /** Default the device file's name. */
  localName?: string;
  server: EngineServer | ExternalServer;
  /** Hash the file on the device to compare with what arrives (default true). */
  verify?: boolean;
  signal?: AbortSignal;
  onEvent?: JobListener;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

export async function pullFile(session: DeviceSession, device: DeviceSnapshot, o: PullOptions): Promise<JobResult & { localPath: string }> {
  const emit = (e: JobEvent) => o.onEvent?.(e);
  const log = new JobLog((l) => emit({ type: 'log', text: l.text }));
  const { fileSystem, name } = splitDevicePath(o.deviceFile);
  const localName = o.localName ?? path.basename(name);
  const localPath = path.resolve(o.localDir, localName);
  const finish = (outcome: JobOutcome, checks: CheckResult[]) => {
    log.add('note', `outcome: ${outcome.status} — ${outcome.message}`);
    emit({ type: 'outcome', outcome });
    emit({ type: 'phase', phase: 'done' });
    return { outcome, checks, log, localPath };
  };

  emit({ type: 'phase', phase: 'preflight' });
  const fs = fileSystemOf(device, fileSystem);
  const file = fs?.files?.find((f) => f.name === name && !f.isDirectory);
  const checks: CheckResult[] = [];
  const title = 'File on the device';
  checks.push(
    file
      ? { id: 'source', title, status: 'ok', summary: `${fileSystem}${name} is ${formatSize(file.sizeBytes)}.`, facts: [] }
      : fs && fs.files === undefined
        ? { id: 'source', title, status: 'warning', summary: `Whether ${device.hostname} has ${fileSystem}${name} is not known; the copy will say.`, facts: [unknownBecause(device, /^files of /) ?? `unknown: the listing of ${fileSystem} could not be read`] }
        : { id: 'source', title, status: 'blocking', summary: `${device.hostname} has no file ${fileSystem}${name}.`, facts: fs ? [`${fileSystem} holds ${fs.files?.map((f) => f.name).join(', ') || 'nothing'}`] : [`file systems: ${device.fileSystems.map((f) => f.name).join(', ')}`] },
  );
  const engine = o.server.kind === 'engine' ? o.server : undefined;
  if (engine) {
    const taken = await exists(localPath);
    checks.push(
      taken
        ? { id: 'local-destination', title: 'Local destination', status: 'blocking', summary: `${localPath} already exists; files are never overwritten.`, facts: [], remedy: 'Choose another folder or name, or move the existing file away.' }
        : { id: 'local-destination', title: 'Local destination', status: 'ok', summary: `The file arrives as ${localPath}.`, facts: [] },
    );
    const space = file ? await statfs(o.localDir).catch(() => undefined) : undefined;
    if (file && space && space.bavail * space.bsize < file.sizeBytes) {
      checks.push({ id: 'local-space', title: 'Local disk space', status: 'blocking', summary: `${o.localDir} has ${formatSize(space.bavail * space.bsize)} free, the file is ${formatSize(file.sizeBytes)}.`, facts: [] });
    }
  } else {
    // Nothing lands in the local folder, so its contents and space are not this copy's business;
    // what can be said is that the receiving end is out of this job's sight.
    const ext = o.server as ExternalServer;
    checks.push({
      id: 'external-destination',
      title: 'External server',
      status: 'info',
      summary: `${device.hostname} sends the file to ${ext.host} as ${ext.path ?? localName}; that server's folder is not visible from here, so this job cannot verify what arrives.`,
      facts: ["compare the file there with the device's verify /md5, reported with the outcome"],
    });
  }
  if (engine) checks.push(checkReachability({ protocol: o.protocol, deviceFacingAddress: engine.deviceFacingAddress, facingSource: engine.facingSource, bound: engine.bound[o.protocol], devicePortMapped: engine.portsMapped }));
  emit({ type: 'checks', checks });
  const blocked = blockers(checks);
  if (blocked.length || !file) return finish({ status: 'blocked', message: blocked.map((b) => b.summary).join(' '), checks: blocked }, checks);

  let deviceMd5: string | undefined;
  if (o.verify !== false) deviceMd5 = (await verifyOnDevice(session, `${fileSystem}${name}`, file.sizeBytes, { log })).md5;

  let remote: RemoteEndpoint;
  let slotId: string | undefined;
  const rcpUser = o.protocol === 'rcp' ? rcpIdentity(device).username : undefined;
  if (engine) {
    const identity = o.protocol === 'ftp' ? generateIdentity() : rcpUser ? { username: rcpUser } : undefined;
    // The slot takes exactly this file's size (plus nothing): a larger upload is refused and discarded.
    const slot = engine.engine.openUploadSlot({ name: localName, peer: engine.devicePeerAddress, destPath: localPath, maxBytes: file.sizeBytes, protocols: [o.protocol], ...(identity ? { identity } : {}) });
    slotId = slot.id;
    log.addSecret(identity && 'password' in identity ? identity.password : undefined);
    remote = { protocol: o.protocol, host: engine.deviceFacingAddress, path: slot.name, ...(o.protocol === 'ftp' && identity ? { username: identity.username, password: (identity as { password: string }).password } : {}) };
  } else {
    const ext = o.server as ExternalServer;
    log.addSecret(ext.password);
    remote = { protocol: o.protocol, host: ext.host, path: ext.path ?? localName, ...(ext.username ? { username: ext.username } : {}), ...(ext.password ? { password: ext.password } : {}) };
  }
  const spec: CopySpec = { direction: 'from-device', fileSystem, name, destination: remote };
  let received: { bytes: number; md5?: string } | undefined;
  const refusals: string[] = [];
  const unsubscribe = engine
    ? engine.engine.events.subscribe((e: TransferEvent) => {
        if (e.type === 'refused') return void refusals.push(`${e.peer} ${e.file}: ${e.message}`);
        if (e.transfer.offerId !== slotId) return;
        if (e.type === 'progress') emit({ type: 'progress', bytes: e.bytes, totalBytes: file.sizeBytes, bytesPerSecond: e.bytesPerSecond, etaSeconds: eta(e.bytes, file.sizeBytes, e.bytesPerSecond), source: 'engine' });
        if (e.type === 'finished') received = { bytes: e.bytes, md5: e.md5 };
        if (e.type === 'failed') log.add('engine', `upload failed after ${e.bytes} bytes: ${e.reason}`);
      })
    : () => undefined;
  // Cancel: the engine stops serving at once, and the SSH session is closed — IOS ends a copy when
  // its exec session goes away, and the transfer may already sit whole in socket buffers.
  const onAbort = () => {
    if (engine && slotId) engine.engine.abortOffer(slotId, new Error('the job was cancelled'));
    session.close();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  // The engine discards a partial upload; an external server keeps whatever it was sent.
  const cancelled = () =>
    finish({ status: 'cancelled', message: engine ? `cancelled; nothing was written to ${localPath}` : `cancelled during the copy; ${remote.host} may hold a partial ${remote.path} — delete it there, it is not the whole ${fileSystem}${name}` }, checks);
  try {
    emit({ type: 'phase', phase: 'copying' });
    const tracker = new CopyProgressTracker();
    const markBytes = bytesPerMark(o.protocol, device.config.tftpBlocksize);
    log.add('sent', copyCommand(spec));
    const started = Date.now();
    try {
      await session.run(copyCommand(spec), {
        rules: copyRules(spec, new Set(), rcpUser),
        timeoutMs: Math.max(10 * 60_000, (file.sizeBytes / 50_000) * 1000),
        onOutput: (text) => {
          log.add('received', text.replace(/\n$/, ''));
          emit({ type: 'device-output', text });
          const snap = tracker.push(text);
          const marked = engine ? undefined : deviceProgress.marks(snap.marks['!'], markBytes, file.sizeBytes);
          if (marked) emit(marked);
        },
      });
    } catch (err) {
      // Cancel closes the session under the running copy: report the cancel, not a lost session.
      if (o.signal?.aborted) return cancelled();
      if (err instanceof DialogueRefusedError) return finish({ status: 'failed', message: `${device.hostname} asked something the plan does not answer: ${err.message}` }, checks);
      throw err;
    }
    if (o.signal?.aborted) return cancelled();
    const result = tracker.finish();
    if (!result.succeeded) {
      return finish({ status: 'failed', message: `${device.hostname} could not send ${fileSystem}${name}: ${result.error?.message ?? 'no success line in its output'}${refusals.length ? ` (the engine refused: ${refusals.at(-1)})` : ''}`, ...(result.error?.cause ? { cause: result.error.cause } : {}) }, checks);
    }
    const seconds = (Date.now() - started) / 1000;
    if (!engine) {
      const bytes = result.copiedBytes ?? result.okBytes ?? file.sizeBytes;
      emit(deviceProgress.end(bytes, file.sizeBytes, result.bytesPerSecond));
      const compare = deviceMd5 ? `; the device's verify /md5 gave ${deviceMd5} — compare the file there with it` : '';
      return finish({ status: 'succeeded', bytes, md5: deviceMd5 ?? '', seconds, verified: false, message: `${fileSystem}${name} sent to ${remote.host} as ${remote.path} (external server: not verified here${compare})` }, checks);
    }
    if (!received) return finish({ status: 'failed', message: `${device.hostname} says the copy succeeded, but the engine received no complete file` }, checks);
    if (deviceMd5 && received.md5 !== deviceMd5) {
      return finish({ status: 'failed', message: `received ${received.bytes} bytes with MD5 ${received.md5}, but the device's verify /md5 says ${deviceMd5}: ${localPath} is corrupt; delete it and copy again.` }, checks);
    }
    return finish(
      { status: 'succeeded', bytes: received.bytes, md5: received.md5 ?? '', seconds, verified: deviceMd5 !== undefined, message: `${fileSystem}${name} from ${device.hostname} saved as ${localPath}${deviceMd5 ? ` (MD5 ${deviceMd5} matches the device)` : ' (this IOS has no verify /md5: not hash-verified)'}` },
      checks,
    );
  } catch (err) {
    if (err instanceof DeviceError) return finish({ status: o.signal?.aborted ? 'cancelled' : 'failed', message: err.message }, checks);
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    unsubscribe();
    if (engine && slotId) {
      engine.engine.withdraw(slotId);
      // A cancelled job is reported once the engine has stopped receiving it, not while it winds down.
      if (o.signal?.aborted) await engine.engine.offerSettled(slotId);
    }
  }
}
