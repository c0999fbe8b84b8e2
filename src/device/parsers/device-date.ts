// Turns the dates IOS, NX-OS, ASA and IOS-XR print in directory listings into ISO 8601 strings,
// keeping the device's own offset when it prints one and never inventing a missing year.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number | string, w = 2) => String(n).padStart(w, '0');

/**
 * `Mar 2 2015 08:46:31 +00:00` (IOS), `Jan 01 1970 05:30:00.0000000000 +00:00` (IOS-XE show flash),
 * `19:39:56 Nov 03 2015` (ASA), `Nov 18 15:29:15 2017` (NX-OS). Returns undefined when the text has
 * no full date and time (XR's `Dec  6 19:39` has no year; `<no date>`), or the date is impossible.
 */
export function deviceDateToIso(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  let m = /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?(?: ([+-])(\d{2}):?(\d{2})| ([A-Z]{2,5}))?$/.exec(t);
  if (m) {
    // A zone name other than UTC/GMT has no fixed offset (EST vs EDT, ambiguous abbreviations).
    if (m[10] && !/^(UTC|GMT)$/.test(m[10])) return undefined;
    return m[10] ? build(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, '+', '00', '00') : build(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7], m[8], m[9]);
  }
  m = /^(\d{1,2}):(\d{2}):(\d{2}) ([A-Z][a-z]{2}) (\d{1,2}) (\d{4})$/.exec(t);
  if (m) return build(m[4]!, m[5]!, m[6]!, m[1]!, m[2]!, m[3]!);
  m = /^([A-Z][a-z]{2}) (\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (\d{4})$/.exec(t);
  if (m) return build(m[1]!, m[2]!, m[6]!, m[3]!, m[4]!, m[5]!);
  return undefined;
}

function build(mon: string, day: string, year: string, h: string, min: string, s: string, sign?: string, oh?: string, om?: string) {
  const month = MONTHS.indexOf(mon);
  const d = Number(day);
  if (month < 0 || d < 1 || d > 31 || Number(h) > 23 || Number(min) > 59 || Number(s) > 60) return undefined;
  // UTC offsets run from -12:00 to +14:00 in whole minutes (found by the fuzzer: `+00:80`).
  if (sign && (Number(oh) > 14 || Number(om) > 59)) return undefined;
  const base = `${year}-${pad(month + 1)}-${pad(d)}T${pad(h)}:${min}:${s}`;
  return sign ? `${base}${sign}${oh}:${om}` : base;
}
