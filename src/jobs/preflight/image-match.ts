// Does the image belong on this device? The platform family in the image name (Cisco's naming:
// <platform>-<featureset>-<format>.<version>.bin) against the model `show version` reports, and the
// file's header where it is readable (IOS images are ELF; IOS-XE bundles too).
import { type DeviceSnapshot, unknownBecause } from '../device-snapshot';
import type { CheckResult } from './check';

/** Image name prefix → models it runs on. Families not listed give a warning, never a silent pass. */
const families: { prefix: RegExp; family: string; models: RegExp }[] = [
  { prefix: /^c2960x-/i, family: 'Catalyst 2960-X/XR', models: /^WS-C2960X|^WS-C2960XR/i },
  { prefix: /^c2960s-/i, family: 'Catalyst 2960-S', models: /^WS-C2960S/i },
  { prefix: /^c2960l-/i, family: 'Catalyst 2960-L', models: /^WS-C2960L/i },
  { prefix: /^c2960-/i, family: 'Catalyst 2960', models: /^WS-C2960-/i },
  { prefix: /^c3560cx-/i, family: 'Catalyst 3560-CX', models: /^WS-C3560CX/i },
  { prefix: /^(cat3k_caa|c3850)-/i, family: 'Catalyst 3850/3650', models: /^WS-C3850|^WS-C3650/i },
  { prefix: /^cat9k(_lite)?_iosxe/i, family: 'Catalyst 9000', models: /^C9[2-6]\d\d/i },
  { prefix: /^isr4300-/i, family: 'ISR 4300', models: /^ISR43\d\d/i },
  { prefix: /^isr4200-/i, family: 'ISR 4200', models: /^ISR42\d\d/i },
  { prefix: /^isr4400(v2)?-/i, family: 'ISR 4400', models: /^ISR44\d\d/i },
  { prefix: /^c1100-/i, family: 'ISR 1100', models: /^C11\d\d/i },
  { prefix: /^c8000be-/i, family: 'Catalyst 8200/8300', models: /^C8[23]\d\d/i },
  { prefix: /^asr1000(rp\d|rpx86|-)/i, family: 'ASR 1000', models: /^ASR1\d\d\d/i },
  { prefix: /^csr1000v-/i, family: 'CSR 1000v', models: /^CSR1000V/i },
  { prefix: /^c2900-/i, family: 'ISR G2 2900', models: /^CISCO29\d\d/i },
  { prefix: /^c1900-/i, family: 'ISR G2 1900', models: /^CISCO19\d\d/i },
  { prefix: /^c3900e?-/i, family: 'ISR G2 3900', models: /^CISCO39\d\d/i },
  { prefix: /^c800-|^c8[6-9]\dvae?-/i, family: 'ISR 800', models: /^C8\d\d|^CISCO8\d\d/i },
  { prefix: /^c2800nm-/i, family: 'ISR 2800', models: /^CISCO28\d\d/i },
  { prefix: /^c2600-/i, family: '2600', models: /^(CISCO)?26\d\d/i },
  { prefix: /^c3640-|^c3620-|^c3660-/i, family: '3600', models: /^36\d\d/i },
  { prefix: /^c2500-/i, family: '2500', models: /^(CISCO)?25\d\d|^AS25\d\d|^2500/i },
  { prefix: /^c1600-/i, family: '1600', models: /^(CISCO)?16\d\d/i },
  { prefix: /^ie4000-/i, family: 'IE 4000', models: /^IE-4000/i },
];

export interface ImageHeader {
  /** First bytes of the file (64 are enough). */
  bytes: Uint8Array;
}

const elfMachines: Record<number, string> = { 8: 'MIPS', 20: 'PowerPC', 40: 'ARM', 62: 'x86-64', 183: 'AArch64', 3: 'x86' };

export function describeHeader(bytes: Uint8Array): { kind: 'elf' | 'tar' | 'unknown'; detail: string } {
  if (bytes.length >= 20 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
    const little = bytes[5] === 1;
    const machine = little ? bytes[18] | (bytes[19] << 8) : (bytes[18] << 8) | bytes[19];
    return { kind: 'elf', detail: `ELF executable for ${elfMachines[machine] ?? `machine ${machine}`}` };
  }
  if (bytes.length >= 262 && Buffer.from(bytes.subarray(257, 262)).toString('latin1') === 'ustar') return { kind: 'tar', detail: 'tar archive' };
  return { kind: 'unknown', detail: 'not an ELF executable or a tar archive' };
}

export function checkImageMatch(device: DeviceSnapshot, imageName: string, header?: Uint8Array): CheckResult {
  const id = 'image-match';
  const title = 'Image matches the device';
  const base = imageName.split('/').pop() ?? imageName;
  const facts = [`device: ${device.platform ?? 'model unknown'}, IOS ${device.version ?? 'version unknown'}`, `image: ${base}`];
  const h = header ? describeHeader(header) : undefined;
  if (h) facts.push(`header: ${h.detail}`);
  const looksLikeImage = /\.(bin|tar|SPA\.bin|pkg)$/i.test(base) || /-mz\./i.test(base);
  if (h && h.kind === 'unknown' && looksLikeImage) {
    return {
      id,
      title,
      status: 'blocking',
      summary: `${base} does not look like an IOS image (${h.detail}); it may be truncated, a download error page, or another product's file.`,
      facts,
      remedy: 'Check the file against the MD5 Cisco publishes for it.',
      confirmation: 'platform-mismatch',
    };
  }
  const family = families.find((f) => f.prefix.test(base));
  if (!family) {
    return { id, title, status: looksLikeImage ? 'warning' : 'info', summary: `Cannot tell which platform ${base} is for; check it against the model of ${device.hostname}, ${device.platform ?? 'which is not known either'}.`, facts };
  }
  facts.push(`image family: ${family.family}`);
  if (device.platform === undefined) {
    return {
      id,
      title,
      status: 'warning',
      summary: `${base} is an image for ${family.family}; whether ${device.hostname} is one is not known.`,
      facts: [...facts, unknownBecause(device, /^platform$/) ?? 'unknown: the model could not be read'],
      remedy: `Check that ${device.hostname} belongs to the ${family.family} family before reloading it into this image.`,
    };
  }
  if (family.models.test(device.platform)) {
    return { id, title, status: 'ok', summary: `${base} is an image for ${family.family}, and the model of ${device.hostname} is ${device.platform}.`, facts };
  }
  return {
    id,
    title,
    status: 'blocking',
    summary: `${base} is an image for ${family.family}, but the model of ${device.hostname} is ${device.platform}: it will not boot.`,
    facts,
    remedy: `Pick the image for ${device.platform}, or confirm if you are sure (e.g. staging a file for another device).`,
    confirmation: 'platform-mismatch',
  };
}
