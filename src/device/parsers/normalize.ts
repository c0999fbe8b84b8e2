// Comparing what devices print in more than one form, while callers keep the printed form for
// display: `flash:/x` ≡ `flash:x` ≡ `FLASH:x`; `bootflash:x` ≡ `flash:x` where `show file systems`
// lists both prefixes on one row; IOS-XE `16.9.5` (the IOS line) ≡ `16.09.05` (image names, the
// XE line) ≡ `16.09.05.0.123` (show install's four-part form).

/** `flash:/x.bin` → `flash:x.bin`: prefix lower-cased, slashes after the colon dropped. */
export function normalizeDevicePath(p: string): string {
  const t = p.trim();
  // indexOf, not /^([^:/]+:)\/*(.*)$/: a run of slashes before a character `.` does not match backtracks.
  const colon = t.indexOf(':');
  if (colon <= 0 || t.lastIndexOf('/', colon) >= 0) return t;
  let rest = colon + 1;
  while (t[rest] === '/') rest++;
  return `${t.slice(0, colon + 1).toLowerCase()}${t.slice(rest)}`;
}

/**
 * The path with its prefix replaced by the first name of the alias group that holds it, so that
 * `bootflash:x` and `flash:x` compare equal on a device whose file-system table says so.
 * `aliasGroups` are the `show file systems` rows' prefixes (`[['flash:', 'bootflash:', 'flash-1:'], …]`).
 */
export function devicePathKey(p: string, aliasGroups: readonly (readonly string[])[] = []): string {
  const n = normalizeDevicePath(p);
  const colon = n.indexOf(':');
  if (colon < 0) return n;
  const prefix = n.slice(0, colon + 1);
  const group = aliasGroups.find((g) => g.some((a) => a.toLowerCase() === prefix));
  return group ? `${group[0]!.toLowerCase()}${n.slice(colon + 1)}` : n;
}

export function sameDevicePath(a: string, b: string, aliasGroups: readonly (readonly string[])[] = []): boolean {
  return devicePathKey(a, aliasGroups) === devicePathKey(b, aliasGroups);
}

/**
 * A comparison key for IOS-XE versions: the first three dot-separated parts with leading zeros
 * dropped (`16.09.05` → `16.9.5`, `17.09.06a.0.12` → `17.9.6a`, `03.06.07E` → `3.6.7e`). Classic IOS
 * versions (`15.2(7)E3`) and anything else come back lower-cased as they are.
 */
export function xeVersionKey(v: string): string {
  const parts = v.trim().toLowerCase().split('.');
  if (parts.length < 3 || !parts.slice(0, 3).every((p) => /^\d+[a-z]*$/.test(p))) return v.trim().toLowerCase();
  return parts
    .slice(0, 3)
    .map((p) => p.replace(/^0+(?=\d)/, ''))
    .join('.');
}

export function sameXeVersion(a: string, b: string): boolean {
  return xeVersionKey(a) === xeVersionKey(b);
}
