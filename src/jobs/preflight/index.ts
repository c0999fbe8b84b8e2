// All pre-flight checks of a copy to a device, in the order a person reads them.
import { protocolSpec } from '../../engine';
import type { DeviceFileSystem, DeviceSnapshot } from '../device-snapshot';
import type { LocalImage } from '../local-image';
import type { CheckResult } from './check';
import { checkChecksum } from './checksum';
import { checkFtpCredentials, checkRcpUsername } from './credentials';
import { checkErase } from './erase';
import { checkExistingFile } from './existing-file';
import { checkFlashLoadHelper } from './flash-load-helper';
import { checkImageMatch } from './image-match';
import { checkReachability, type ReachabilityInput, type TransferProtocol } from './reachability';
import { checkSetBoot, type SetBootPlan } from './set-boot';
import { checkSpace } from './space';
import { checkTftpBlocksize } from './tftp-blocksize';

export * from './check';

export interface PushPreflightInput {
  device: DeviceSnapshot;
  destination: DeviceFileSystem;
  destinationName: string;
  local: LocalImage;
  protocol: TransferProtocol;
  /** `verify /md5` of a same-named, same-sized file on the device. */
  deviceMd5?: string;
  /** Engine reachability; absent for an external server (the user vouches for it). */
  reachability?: ReachabilityInput;
  rcpUrlUser?: string;
  headroom?: number;
  userChoseErase?: boolean;
  /** The optional step after a verified copy; `verify` says whether the copy will be verified. */
  setBoot?: { plan: SetBootPlan; verify: boolean };
  /** Run-from-flash destinations: whether the job can reconnect after the reload, and how long it waits. */
  reload?: { canReconnect: boolean; waitMs: number };
  /** The protocol's estimates for this link, and the recommendation (protocol-choice.ts). */
  protocolChoice?: CheckResult;
}

const optional = (c: CheckResult | undefined): CheckResult[] => (c ? [c] : []);

export function preflightPush(i: PushPreflightInput): CheckResult[] {
  const checks: CheckResult[] = [
    checkExistingFile({ device: i.device, destination: i.destination, destinationName: i.destinationName, localSizeBytes: i.local.sizeBytes, localMd5: i.local.digests.md5, deviceMd5: i.deviceMd5 }),
    checkSpace({ device: i.device, destination: i.destination, destinationName: i.destinationName, fileSizeBytes: i.local.sizeBytes, headroom: i.headroom }),
    checkErase({ device: i.device, destination: i.destination, userChoseErase: i.userChoseErase }),
    ...optional(checkFlashLoadHelper({ device: i.device, destination: i.destination, protocol: i.protocol, canReconnect: i.reload?.canReconnect ?? false, waitMs: i.reload?.waitMs ?? 0 })),
    checkImageMatch(i.device, i.local.name, i.local.header),
    checkChecksum(i.local.digests, i.local.published),
  ];
  if (i.protocol === 'tftp') checks.push(checkTftpBlocksize(i.device, i.local.sizeBytes));
  // Who the device says it is, by the protocol's kind of credentials (the registry).
  const credentials = protocolSpec(i.protocol).capabilities.credentials;
  if (credentials === 'remote-username') checks.push(checkRcpUsername(i.device, i.rcpUrlUser));
  if (credentials === 'one-time-login') checks.push(checkFtpCredentials(i.device, true));
  if (i.reachability) checks.push(checkReachability(i.reachability));
  if (i.protocolChoice) checks.push(i.protocolChoice);
  if (i.setBoot) checks.push(checkSetBoot(i.setBoot.plan, i.setBoot.verify));
  return checks;
}
