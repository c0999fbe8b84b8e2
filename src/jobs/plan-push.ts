// The plan of a push: where the image goes, the pre-flight checks (with the user's confirmations
// applied), whether the same image is already there (a `verify /md5` probe decides), and the steps —
// offer to exactly this device or the user's server, the copy (a temporary `ip tftp blocksize`
// around it), the Flash Load Helper's reload where flash is read-only, verify, and set-boot.
import { DeviceError } from '../device';
import { protocolSpec } from '../engine';
import { bytesPerMark } from './copy-command';
import type { CopyEndpoint, CopyPlan, CopySnapshot, CopyStep, PushRequest } from './copy-plan';
import { copyTimeouts } from './copy-timeouts';
import { type DeviceFileSystem, type DeviceSnapshot, defaultFileSystem, fileSystemOf, splitDevicePath } from './device-snapshot';
import { urlPort } from './engine-reach';
import { reloadTiming } from './flash-load-helper';
import { applyConfirmations, blockers, preflightPush } from './preflight';
import { rcpIdentity } from './preflight/credentials';
import { chooseProtocol } from './protocol-choice';
import { planSetBoot } from './set-boot';
import type { ConfigChange } from './temporary-config';

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

export function planPush(snapshot: CopySnapshot, r: PushRequest): CopyPlan {
  const { device, reach } = snapshot;
  const { fs, name } = resolveDestination(device, r.destination, r.local.name);
  const target = `${fs.name}${name}`;
  // Run-from-flash: IOS hands the copy to its boot ROM image (Flash Load Helper) and reloads.
  const viaFlh = fs.readOnly === true;
  const erases = Boolean(fs.eraseBeforeCopy || fs.readOnly || r.erase);
  const timing = reloadTiming(r.local.sizeBytes, r.reload);
  const bootPlan = r.setBoot ? planSetBoot(device, fs, name, erases) : undefined;
  const choice = chooseProtocol(snapshot, r, { sizeBytes: r.local.sizeBytes, direction: 'to-device', readOnlyFlash: viaFlh });
  const protocol = choice.protocol;
  const base = { request: r, snapshot, protocol, target, fileSystem: fs };

  // A same-named file of the same size is hashed on the device to see whether the copy is needed.
  const same = fs.files?.find((f) => f.name === name && f.sizeBytes === r.local.sizeBytes);
  if (same && snapshot.existingMd5?.path !== target) {
    return { ...base, checks: [], blocked: [], probe: { kind: 'existing-md5', path: target, sizeBytes: r.local.sizeBytes }, skipCopy: false, steps: [] };
  }

  const engine = r.server.kind === 'engine' ? reach : undefined;
  const raw = preflightPush({
    device,
    destination: fs,
    destinationName: name,
    local: r.local,
    protocol,
    deviceMd5: snapshot.existingMd5?.md5,
    rcpUrlUser: r.rcpUrlUser,
    headroom: r.headroom,
    userChoseErase: r.erase,
    ...(bootPlan ? { setBoot: { plan: bootPlan, verify: r.verify !== false } } : {}),
    reload: { canReconnect: r.canReconnect, waitMs: timing.timeoutMs },
    ...(engine ? { reachability: reachabilityInput(engine, protocol) } : {}),
    ...(choice.check ? { protocolChoice: choice.check } : {}),
  });
  const checks = applyConfirmations(raw, new Set(r.confirmations));
  const blocked = blockers(checks);
  const skipCopy = checks.some((c) => c.skipCopy);
  const steps: CopyStep[] = [];
  if (!blocked.length && !skipCopy) {
    const rcpUsername = protocol === 'rcp' ? rcpIdentity(device, r.rcpUrlUser).username : undefined;
    const remote: CopyEndpoint =
      engine && r.server.kind === 'engine'
        ? {
            kind: 'offer',
            protocol,
            peer: engine.peerAddress,
            host: engine.facingAddress,
            ...(urlPort(engine, protocol) !== undefined ? { port: urlPort(engine, protocol) } : {}),
            identity: identityOf(protocol, rcpUsername),
            ...(protocol === 'rcp' && r.rcpUrlUser ? { urlUser: r.rcpUrlUser } : {}),
            // Class B and run-from-flash copies open the source before the erase and load it afterwards: an
            // FTP open read and abandoned can look complete to the server, so those offers allow two uses.
            uses: fs.eraseBeforeCopy || viaFlh ? 2 : 1,
          }
        : { kind: 'external', remote: externalRemote(r, protocol) };
    if (remote.kind === 'offer') steps.push({ kind: 'offer', endpoint: remote, localPath: r.local.path, name: r.local.name, sizeBytes: r.local.sizeBytes });
    // The boot ROM image ignores the running configuration, and the session is gone before a restore.
    const blocksize = r.tftpBlocksize;
    const temporaryConfig: ConfigChange[] =
      !viaFlh && protocol === 'tftp' && blocksize && blocksize !== (device.config.tftpBlocksize ?? 512)
        ? [{ set: `ip tftp blocksize ${blocksize}`, restore: device.config.tftpBlocksize ? `ip tftp blocksize ${device.config.tftpBlocksize}` : 'no ip tftp blocksize' }]
        : [];
    steps.push({
      kind: 'copy',
      direction: 'to-device',
      fileSystem: fs.name,
      name,
      remote,
      sizeBytes: r.local.sizeBytes,
      temporaryConfig,
      ...(rcpUsername ? { rcpUsername } : {}),
      markBytes: bytesPerMark(protocol, blocksize ?? device.config.tftpBlocksize),
      ...copyTimeouts(r.local.sizeBytes),
      reloads: viaFlh,
      erases,
    });
    if (viaFlh) steps.push({ kind: 'await-reload', timing });
    if (r.verify !== false) steps.push({ kind: 'verify', path: target, sizeBytes: r.local.sizeBytes });
  }
  if (!blocked.length && bootPlan) steps.push({ kind: 'set-boot', plan: bootPlan });
  return { ...base, checks, blocked, skipCopy, steps };
}

export function reachabilityInput(engine: NonNullable<CopySnapshot['reach']>, protocol: CopyPlan['protocol']) {
  const p = engine.protocols[protocol];
  return {
    protocol,
    deviceFacingAddress: engine.facingAddress,
    facingSource: engine.facingSource,
    ...(p?.bound ? { bound: p.bound } : {}),
    ...(p?.bindError ? { bindError: p.bindError } : {}),
    devicePortMapped: engine.portsMapped,
  };
}

/** How the offer is tied to the device, by the protocol's kind of credentials (the registry). */
export function identityOf(protocol: CopyPlan['protocol'], rcpUsername: string | undefined): Extract<CopyEndpoint, { kind: 'offer' }>['identity'] {
  const kind = protocolSpec(protocol).capabilities.credentials;
  if (kind === 'one-time-login') return 'one-time-login';
  if (kind === 'remote-username' && rcpUsername) return { username: rcpUsername };
  return 'none';
}

function externalRemote(r: PushRequest, protocol: CopyPlan['protocol']) {
  const ext = r.server as Extract<PushRequest['server'], { kind: 'external' }>;
  return { protocol, host: ext.host, path: ext.path ?? r.local.name, ...(ext.username ? { username: ext.username } : {}), ...(ext.password ? { password: ext.password } : {}) };
}
