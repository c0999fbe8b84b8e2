// The plan of a pull: the file on the device, where it lands here (never over an existing file; the
// disk must hold it) or the user's server, whether the device can reach the engine, and the steps —
// the device's `verify /md5` of the source first, an upload slot for exactly this device and file,
// the copy.
import path from 'node:path';
import { bytesPerMark } from './copy-command';
import type { CopyEndpoint, CopyPlan, CopySnapshot, CopyStep, PullRequest } from './copy-plan';
import { copyTimeouts } from './copy-timeouts';
import { fileSystemOf, splitDevicePath, unknownBecause } from './device-snapshot';
import { urlPort } from './engine-reach';
import { applyConfirmations, blockers, type CheckResult } from './preflight/check';
import { rcpIdentity } from './preflight/credentials';
import { formatSize } from './preflight/format-size';
import { checkReachability } from './preflight/reachability';
import { identityOf, reachabilityInput } from './plan-push';
import { chooseProtocol } from './protocol-choice';

/** The local file a pull creates. */
export function pullLocalPath(r: Pick<PullRequest, 'deviceFile' | 'localDir' | 'localName'>): string {
  return path.resolve(r.localDir, r.localName ?? path.basename(splitDevicePath(r.deviceFile).name));
}

export function planPull(snapshot: CopySnapshot, r: PullRequest): CopyPlan {
  const { device } = snapshot;
  const { fileSystem, name } = splitDevicePath(r.deviceFile);
  const localPath = pullLocalPath(r);
  const localName = path.basename(localPath);
  const fs = fileSystemOf(device, fileSystem);
  const file = fs?.files?.find((f) => f.name === name && !f.isDirectory);
  const engine = r.server.kind === 'engine' ? snapshot.reach : undefined;
  const choice = chooseProtocol(snapshot, r, { sizeBytes: file?.sizeBytes ?? 0, direction: 'from-device', readOnlyFlash: false });
  const protocol = choice.protocol;

  const checks: CheckResult[] = [];
  const title = 'File on the device';
  checks.push(
    file
      ? { id: 'source', title, status: 'ok', summary: `${fileSystem}${name} is ${formatSize(file.sizeBytes)}.`, facts: [] }
      : fs && fs.files === undefined
        ? { id: 'source', title, status: 'warning', summary: `Whether ${device.hostname} has ${fileSystem}${name} is not known; the copy will say.`, facts: [unknownBecause(device, /^files of /) ?? `unknown: the listing of ${fileSystem} could not be read`] }
        : { id: 'source', title, status: 'blocking', summary: `${device.hostname} has no file ${fileSystem}${name}.`, facts: fs ? [`${fileSystem} holds ${fs.files?.map((f) => f.name).join(', ') || 'nothing'}`] : [`file systems: ${device.fileSystems.map((f) => f.name).join(', ')}`] },
  );
  if (engine) {
    const taken = snapshot.localDestination?.exists === true;
    checks.push(
      taken
        ? { id: 'local-destination', title: 'Local destination', status: 'blocking', summary: `${localPath} already exists; files are never overwritten.`, facts: [], remedy: 'Choose another folder or name, or move the existing file away.' }
        : { id: 'local-destination', title: 'Local destination', status: 'ok', summary: `The file arrives as ${localPath}.`, facts: [] },
    );
    const free = snapshot.localDestination?.freeBytes;
    if (file && free !== undefined && free < file.sizeBytes) {
      checks.push({ id: 'local-space', title: 'Local disk space', status: 'blocking', summary: `${r.localDir} has ${formatSize(free)} free, the file is ${formatSize(file.sizeBytes)}.`, facts: [] });
    }
    checks.push(checkReachability(reachabilityInput(engine, protocol)));
    if (choice.check) checks.push(choice.check);
  } else {
    // Nothing lands in the local folder, so its contents and space are not this copy's business;
    // what can be said is that the receiving end is out of this job's sight.
    const ext = r.server as Extract<PullRequest['server'], { kind: 'external' }>;
    checks.push({
      id: 'external-destination',
      title: 'External server',
      status: 'info',
      summary: `${device.hostname} sends the file to ${ext.host} as ${ext.path ?? localName}; that server's folder is not visible from here, so this job cannot verify what arrives.`,
      facts: ["compare the file there with the device's verify /md5, reported with the outcome"],
    });
    if (choice.check) checks.push(choice.check);
  }
  const applied = applyConfirmations(checks, new Set(r.confirmations));
  const blocked = blockers(applied);
  // Without the file's size there is no upload slot to size, nor a timeout: the listing must be read.
  const stop = blocked.length > 0 || !file;
  const steps: CopyStep[] = [];
  if (!stop) {
    if (r.verify !== false) steps.push({ kind: 'hash-source', path: `${fileSystem}${name}`, sizeBytes: file.sizeBytes });
    const rcpUsername = protocol === 'rcp' ? rcpIdentity(device).username : undefined;
    const remote: CopyEndpoint =
      engine && r.server.kind === 'engine'
        ? { kind: 'offer', protocol, peer: engine.peerAddress, host: engine.facingAddress, ...(urlPort(engine, protocol) !== undefined ? { port: urlPort(engine, protocol) } : {}), identity: identityOf(protocol, rcpUsername), uses: 1 }
        : { kind: 'external', remote: externalRemote(r, protocol, localName) };
    // The slot takes exactly this file's size (plus nothing): a larger upload is refused and discarded.
    if (remote.kind === 'offer') steps.push({ kind: 'offer', endpoint: remote, localPath, name: localName, sizeBytes: file.sizeBytes });
    steps.push({
      kind: 'copy',
      direction: 'from-device',
      fileSystem,
      name,
      remote,
      sizeBytes: file.sizeBytes,
      temporaryConfig: [],
      ...(rcpUsername ? { rcpUsername } : {}),
      markBytes: bytesPerMark(protocol, device.config.tftpBlocksize),
      ...copyTimeouts(file.sizeBytes),
      reloads: false,
      erases: false,
    });
  }
  return { request: r, snapshot, protocol, checks: applied, blocked: stop && !blocked.length ? applied.filter((c) => c.id === 'source') : blocked, skipCopy: false, steps, target: localPath };
}

function externalRemote(r: PullRequest, protocol: CopyPlan['protocol'], localName: string) {
  const ext = r.server as Extract<PullRequest['server'], { kind: 'external' }>;
  return { protocol, host: ext.host, path: ext.path ?? localName, ...(ext.username ? { username: ext.username } : {}), ...(ext.password ? { password: ext.password } : {}) };
}
