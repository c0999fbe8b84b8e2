// Copies to the flash a run-from-flash router (2500, 1600) runs IOS from go through the Flash Load
// Helper: IOS reloads into its boot ROM image, which erases flash, copies the image and reloads into
// it. Said before the job starts: the SSH session drops, the device reloads twice, what a failure
// leaves behind. Refused when the boot image cannot do it (no FTP client) or the job cannot reconnect.
import type { DeviceFileSystem, DeviceSnapshot } from '../device-snapshot';
import type { CheckResult } from './check';
import { protocolSpec } from '../../engine';
import type { TransferProtocol } from './reachability';

/** The boot ROM image of a run-from-flash router has a TFTP and an rcp client, nothing else. */
export const bootImageProtocols: readonly TransferProtocol[] = ['tftp', 'rcp'];

export interface FlashLoadHelperInput {
  device: DeviceSnapshot;
  destination: DeviceFileSystem;
  protocol: TransferProtocol;
  /** Whether the job can open a new session once the device is back. */
  canReconnect: boolean;
  /** How long the job waits for the device to come back. */
  waitMs: number;
}

export function checkFlashLoadHelper({ device, destination: fs, protocol, canReconnect, waitMs }: FlashLoadHelperInput): CheckResult | undefined {
  if (!fs.readOnly) return undefined;
  const id = 'flash-load-helper';
  const title = 'Flash Load Helper (run from flash)';
  const facts = [
    `${device.hostname} runs IOS from ${fs.name}, which is read-only while it runs: the copy is done by the boot ROM image (Flash Load Helper)`,
    `the SSH session DROPS when ${device.hostname} reloads into its boot ROM image (first reload); routing stops until it is back`,
    `the boot image erases ${fs.name}, copies the image from the server, and reloads into the new image (second reload)`,
    `if the boot image's copy fails, ${fs.name} is left ERASED and ${device.hostname} stays in its boot ROM image with no SSH: recovery needs its console`,
    `the job waits up to ${waitMs < 120_000 ? `${Math.round(waitMs / 1000)} s` : `${Math.round(waitMs / 60_000)} min`}, reconnects (the same host key only) and checks show version and show flash (name and size; verify /md5 where the new image has it)`,
  ];
  if (!bootImageProtocols.includes(protocol)) {
    return {
      id,
      title,
      status: 'blocking',
      summary: `The boot ROM image of ${device.hostname} copies over TFTP or RCP only; ${protocolSpec(protocol).title} cannot reach a run-from-flash ${fs.name}.`,
      facts,
      remedy: 'Use --protocol tftp or rcp.',
    };
  }
  if (!canReconnect) {
    return {
      id,
      title,
      status: 'blocking',
      summary: `The SSH session to ${device.hostname} drops during this copy, and this job has no way to reconnect to check the result.`,
      facts,
      remedy: 'Run the copy from the CLI or the extension, which reconnect by themselves.',
    };
  }
  return {
    id,
    title,
    status: 'warning',
    summary: `This copy RELOADS ${device.hostname} TWICE: the SSH session drops, the boot ROM image erases ${fs.name} and copies, then ${device.hostname} comes back on the new image and the job reconnects.`,
    facts,
  };
}
