// What a simulated device runs: the versions `show version` prints and install or bundle mode, from
// the profile at first and from the image a reload boots afterwards. The lab reads versions from
// image names itself (not with the device layer's parser, which the lab's output is tested against).
import type { Profile } from './profile';

export interface RunningSoftware {
  /** As `Cisco IOS Software … Version X,` prints it: `15.7(3)M9`, `17.9.5`. */
  version: string;
  /** IOS-XE's four-digit form, `17.09.05`. */
  xeVersion?: string;
  /** IOS-XE booted from `packages.conf` (install mode) or from a `.bin` (bundle mode); classic IOS is always bundle. */
  mode: 'install' | 'bundle';
}

/** `17.09.04a` → `17.9.4a`; `16.12.05` → `16.12.5`. */
export function shortXeVersion(xe: string): string {
  return xe
    .split('.')
    .map((part) => part.replace(/^0+(?=\d)/, ''))
    .join('.');
}

/** `17.09.05.0.1234` (an install package's version) → `17.09.05`. */
export function releaseOf(packageVersion: string): string {
  return packageVersion.split('.').slice(0, 3).join('.');
}

/**
 * The version an image's file name carries: IOS-XE `x.17.09.05.SPA.bin` → `17.09.05`; classic IOS
 * `c2900-universalk9-mz.SPA.157-3.M9.bin` → `15.7(3)M9`. Undefined when the name carries none.
 */
export function versionInImageName(name: string): { version: string; xeVersion?: string } | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1).replace(/^[a-z0-9-]+:/i, '');
  const xe = /\.(\d{2}\.\d{2}\.\d{2}[a-z]?)\.S[PS]A\.bin$/.exec(base);
  if (xe) return { version: shortXeVersion(xe[1]), xeVersion: xe[1] };
  const classic = /\.(\d)(\d)(\d)-(\d+)(?:\.([A-Z]+\d*[a-z]?))?\.bin$/.exec(base);
  if (classic) return { version: `${classic[1]}${classic[2]}.${classic[3]}(${classic[4]})${classic[5] ?? ''}` };
  return undefined;
}

export const isPackagesConf = (image: string): boolean => image.endsWith('packages.conf');

/** The software a profile's device runs before any reload. */
export function softwareOf(profile: Profile, image: string): RunningSoftware {
  const fromName = versionInImageName(image);
  const version = profile.software?.version ?? fromName?.version ?? profile.versionShort;
  const xeVersion = profile.software?.xeVersion ?? fromName?.xeVersion;
  return { version, ...(xeVersion ? { xeVersion } : {}), mode: isPackagesConf(image) ? 'install' : 'bundle' };
}

/** The software a reload boots: a `.bin` names its version; packages.conf runs the activated package's. */
export function bootedSoftware(image: string, installedRelease: string | undefined, previous: RunningSoftware): RunningSoftware {
  if (isPackagesConf(image)) {
    if (!installedRelease) return { ...previous, mode: 'install' };
    return { version: shortXeVersion(installedRelease), xeVersion: installedRelease, mode: 'install' };
  }
  const fromName = versionInImageName(image);
  if (!fromName) return { ...previous, mode: 'bundle' };
  return { ...fromName, mode: 'bundle' };
}
