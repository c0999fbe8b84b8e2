// Reads what an IOS / IOS-XE image file name says: platform family, feature set, format and version.
// Classic IOS `c2960x-universalk9-mz.152-7.E3.bin` encodes 15.2(7)E3 as `152-7.E3`; IOS-XE
// `isr4300-universalk9.17.03.04a.SPA.bin` carries the version as is; `.pkg` and `packages.conf` are install mode.

export type ImageKind = 'bundle' | 'install-pkg' | 'packages.conf' | 'unknown';

export interface ImageName {
  platformFamily: string;
  featureSet: string;
  /** Classic IOS image format letters (`mz` compressed, run from RAM; `l` relocatable, runs from flash). */
  format?: string;
  /** `15.2(7)E3` for classic IOS, `17.03.04a` for IOS-XE; undefined when the name carries none. */
  version?: string;
  /** IOS-XE 3.x names carry the IOS version too: `03.16.04b.S.155-3.S4b` → `15.5(3)S4b`. */
  iosVersion?: string;
  kind: ImageKind;
}

/** `152-7.E3` → `15.2(7)E3`, `122-2.XA1` → `12.2(2)XA1`. */
function classicVersion(code: string): string | undefined {
  const m = /^(1\d)(\d)-(\d+)\.([A-Z]+\d*[a-z]?)?$/.exec(code) ?? /^(1\d)(\d)-(\d+)$/.exec(code);
  if (!m) return undefined;
  return `${m[1]}.${m[2]}(${m[3]})${m[4] ?? ''}`;
}

function split(base: string): [string, string] | undefined {
  const dash = base.indexOf('-');
  if (dash > 0) return [base.slice(0, dash), base.slice(dash + 1)];
  const us = base.lastIndexOf('_');
  if (us > 0) return [base.slice(0, us), base.slice(us + 1)];
  return undefined;
}

/** Returns undefined when the name does not look like an IOS or IOS-XE image. */
export function parseImageName(path: string): ImageName | undefined {
  const name = path.replace(/^[\w-]+:/, '').split('/').pop() ?? '';
  if (name === 'packages.conf') return { platformFamily: '', featureSet: '', kind: 'packages.conf' };
  let m: RegExpExecArray | null;
  // IOS-XE: <platform>-<features>.<vv.vv.vv[x]>[.<more>][.S.<ios>][-ext].SPA.bin|pkg, and <plat>-packages-<features>.<ver>.conf
  if ((m = /^([a-z0-9_]+)-packages-([\w-]+)\.(\d{2}\.\d{2}\.\d{2}[a-z]?(?:\.[\w.-]+)?)\.conf$/.exec(name))) {
    return { platformFamily: m[1]!, featureSet: m[2]!, version: m[3]!.replace(/-\w+$/, ''), kind: 'packages.conf' };
  }
  if ((m = /^([a-z0-9_-]+?)\.(\d{2}\.\d{2}\.\d{2}[a-z]?)((?:\.\d+)*)(?:\.([A-Z])\.(\d{3}-\d+\.[A-Z]+\d*[a-z]?))?(?:-\w+)?\.(SPA|SSA)\.(bin|pkg)$/.exec(name))) {
    const parts = split(m[1]!);
    if (!parts) return undefined;
    const r: ImageName = { platformFamily: parts[0], featureSet: parts[1], version: m[2]! + (m[3] ?? '') + (m[4] ? `.${m[4]}` : ''), kind: m[7] === 'pkg' ? 'install-pkg' : 'bundle' };
    if (m[5]) {
      const ios = classicVersion(m[5]);
      if (ios) r.iosVersion = ios;
    }
    return r;
  }
  // Classic IOS: <platform>-<features>-<format>[.SPA].<version code>[.bin]
  if ((m = /^([a-z0-9_]+)-([a-z0-9_]+)-([a-z]+)(?:\.(?:SPA|SSA))?\.(\d{3}-\d+(?:\.[A-Z]+\d*[a-z]?)?)(?:\.bin)?$/.exec(name))) {
    const version = classicVersion(m[4]!);
    if (!version) return undefined;
    return { platformFamily: m[1]!, featureSet: m[2]!, format: m[3]!, version, kind: 'bundle' };
  }
  // Virtual/lab images without a version: `vios-adventerprisek9-m`.
  if ((m = /^([a-z0-9_]+)-([a-z0-9_]+)-([a-z]+)$/.exec(name)) && /^(c\d|vios|i86bi|cat|isr|asr|csr)/.test(m[1]!)) {
    return { platformFamily: m[1]!, featureSet: m[2]!, format: m[3]!, kind: 'bundle' };
  }
  return undefined;
}
