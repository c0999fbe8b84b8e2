// Which flash behaves how, from what the device tells us. Class B flash (IOS file-system classes)
// asks "Erase flash: before copying?" and reclaims space only by erasing; run-from-flash images
// (format letter `l`, e.g. c2500-js-l) keep flash read-only while IOS runs from it. The `dir` layout
// says Class B directly when it is the "System flash directory" one; otherwise the platform does.
import { parseImageName } from '../device';

export interface FlashTraits {
  eraseBeforeCopy: boolean;
  readOnly: boolean;
  /** Neither the listing nor the platform could be read: whether a copy erases is not known. */
  unknown?: boolean;
  /** Why, for the pre-flight report. */
  reason?: string;
}

/** Platforms whose system flash is Class B (Cisco's file-system class matrix; 3600 until 12.2(4)T). */
const classBPlatforms: { model: RegExp; until?: [number, number, number]; name: string }[] = [
  { model: /^(cisco ?)?25\d\d$|^AS25\d\d$/i, name: '2500' },
  { model: /^(cisco ?)?16\d\d/i, name: '1600' },
  { model: /^(cisco ?)?36\d\d/i, until: [12, 2, 4], name: '3600' },
];

function versionBefore(version: string, until: [number, number, number]): boolean {
  // `12.1(27b)`, `12.2(4)T`: the letter after the build number is a rebuild, not a later release.
  const m = /^(\d+)\.(\d+)\((\d+)/.exec(version);
  if (!m) return false;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) if (v[i] !== until[i]) return v[i] < until[i];
  return false;
}

export function flashTraits(input: { platform?: string; version?: string; runningImage?: string; fileSystem: string; dirFormat?: string; dirReadOnly?: boolean }): FlashTraits {
  const image = input.runningImage ? parseImageName(input.runningImage) : undefined;
  const runsFromHere = input.runningImage?.toLowerCase().startsWith(input.fileSystem.toLowerCase()) ?? false;
  const runFromFlash = runsFromHere && image?.format === 'l';
  const readOnly = input.dirReadOnly === true || runFromFlash;
  if (input.dirFormat === 'class-b') return { eraseBeforeCopy: true, readOnly, reason: `${input.fileSystem} lists as Class B flash` };
  const model = input.platform?.trim();
  // Without a version, a platform Class B only until some release is taken as Class B: the safer guess.
  const platform = model === undefined ? undefined : classBPlatforms.find((p) => p.model.test(model) && (!p.until || input.version === undefined || versionBefore(input.version, p.until)));
  if (platform && /^flash(:|-)/i.test(input.fileSystem)) return { eraseBeforeCopy: true, readOnly, reason: `${platform.name} system flash is Class B` };
  if (runFromFlash) return { eraseBeforeCopy: true, readOnly, reason: `IOS runs from ${input.fileSystem} (${input.runningImage} is a run-from-flash image)` };
  return { eraseBeforeCopy: false, readOnly, ...(model === undefined && input.dirFormat === undefined ? { unknown: true } : {}) };
}
