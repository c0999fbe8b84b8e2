// Copies that erase flash: Class B file systems (IOS asks `Erase flash: before copying?`) and
// run-from-flash platforms, where the old image is necessarily erased. Blocking until the user
// confirms, because a failed or interrupted copy then leaves nothing to boot.
import { type DeviceFileSystem, type DeviceSnapshot, unknownBecause } from '../device-snapshot';
import type { CheckResult } from './check';

export interface EraseInput {
  device: DeviceSnapshot;
  destination: DeviceFileSystem;
  /** The user chose to erase even where IOS would not require it (single-image devices). */
  userChoseErase?: boolean;
}

export function checkErase({ device, destination: fs, userChoseErase }: EraseInput): CheckResult {
  const id = 'erase';
  const title = 'Erase before copy';
  const erased = fs.files?.filter((f) => !f.isDirectory).map((f) => `${fs.name}${f.name}`);
  const why = fs.readOnly
    ? `${device.hostname} runs IOS from ${fs.name} (read-only while it runs): the Flash Load Helper reloads it into its boot ROM image, which erases ${fs.name} and then copies`
    : fs.eraseBeforeCopy
      ? `${fs.name} is Class B flash: IOS asks "Erase ${fs.name} before copying?" and space is only reclaimed by erasing all of it`
      : userChoseErase
        ? `you chose to erase ${fs.name} before copying`
        : undefined;
  if (!why && fs.flashClassUnknown) {
    // IOS still asks before erasing, and the dialogue answers that question only with the user's confirmation.
    return {
      id,
      title,
      status: 'warning',
      summary: `Whether this copy erases ${fs.name} is not known: the device's model and its ${fs.name} listing could not be read.`,
      facts: [unknownBecause(device, /^platform$/), unknownBecause(device, new RegExp(`^files of ${fs.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`))].filter((f): f is string => f !== undefined),
      remedy: 'If IOS asks "Erase flash: before copying?", the job stops there: nothing is erased without your confirmation.',
    };
  }
  if (!why) {
    return { id, title, status: 'ok', summary: `The copy adds a file to ${fs.name}; nothing is erased.`, facts: [] };
  }
  const afterFailure = fs.readOnly
    ? `If the boot image's copy fails, ${fs.name} stays erased and ${device.hostname} stays in its boot ROM image (no SSH): recovery needs console access.`
    : `If it fails or is interrupted, the device has no image to boot and needs console access (ROMMON/xmodem) to recover.`;
  return {
    id,
    title,
    status: 'blocking',
    summary: `This copy ERASES ${fs.name} on ${device.hostname}. ${afterFailure}`,
    facts: [why, erased === undefined ? `files erased: every file on ${fs.name} (${unknownBecause(device, /^files of /) ?? 'the listing is unknown'})` : erased.length ? `files erased: ${erased.join(', ')}` : `${fs.name} holds no files`, ...(device.runningImage ? [`running image: ${device.runningImage}`] : [])],
    remedy: fs.readOnly
      ? 'Have console access ready and keep the device powered: it reloads by itself, twice. Confirm the erase explicitly to go on.'
      : 'Have console access ready, keep the device powered, and do not reload it until the copy is verified. Confirm the erase explicitly to go on.',
    confirmation: 'erase-flash',
  };
}
