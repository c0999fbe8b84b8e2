// `show version running | installed`, `show version switch N R0 running`, `show version RP
// active|standby running` (IOS-XE install mode): the packages behind packages.conf, one block each:
// `Package: rpbase, version: …, status: active`, then Role, File (`, on: RP0/0`), Built (`, by:`), SHA1.
import { isExecBanner } from './exec-banner';
import { outputLines, refuseNonOutput } from './output-lines';
import { ParseError } from './parse-error';
import { missing, unparsed, type ParseNote } from './parse-note';

/** One `Package:` block. Fields the device prints as `n/a` are absent. */
export interface VersionPackage {
  /** `rpbase`, `Provisioning File` as printed. */
  name: string;
  /** As printed: `BLD_POLARIS_DEV_LATEST_20230322_143505`, `03.16.04a.S.155-3.S4a-ext`. */
  version?: string;
  /** `active`, `inactive`, `n/a` as printed. */
  status?: string;
  /** `rp_base`, `provisioning file` (17.x prints a Role line; 16.x and 3.x do not). */
  role?: string;
  /** As printed: `consolidated:cat9k-rpbase.….SSA.pkg`, `/flash/packages.conf`. */
  file?: string;
  /** The location after `on:` — `RP0`, `RP0/0`, `ESP1`, `SIP0`. */
  location?: string;
  /** `2023-03-22_08.00` as printed. */
  built?: string;
  builtBy?: string;
  /** The `File SHA1 checksum:` value, lower-case hex as printed. */
  sha1?: string;
  /** 1-based line number of the Package line. */
  lineNumber: number;
}

export interface ShowVersionPackages {
  packages: VersionPackage[];
  notes: ParseNote[];
}

const CMD = 'show version running';
const ECHO = /^sh\w*\s+ver\w*\s+\S/i;
const PACKAGE = /^Package:/i;

/** Parses the install-mode package listings of `show version … running|installed`. */
export function parseShowVersionPackages(text: string): ShowVersionPackages {
  const lines = outputLines(text, ECHO);
  refuseNonOutput(CMD, lines);
  if (!lines.some((l) => PACKAGE.test(l.text.trim()))) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'no "Package:" line (not a package listing of show version running/installed)', first.text, first.n);
  }
  const out: ShowVersionPackages = { packages: [], notes: [] };
  let pkg: VersionPackage | undefined;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || isExecBanner(t)) continue;
    const colon = t.indexOf(':');
    const key = colon < 0 ? '' : t.slice(0, colon).trim().toLowerCase();
    const rest = t.slice(colon + 1);
    if (key === 'package') {
      const [name, fields] = splitFields(rest, ['version', 'status']);
      pkg = { name, lineNumber: l.n };
      put(pkg, 'version', fields.version);
      put(pkg, 'status', fields.status);
      out.packages.push(pkg);
      // Every release seen prints both; `n/a` counts as printed.
      for (const k of ['version', 'status'] as const) if (fields[k] === undefined) out.notes.push(missing(`${k} of package "${name}"`, `line ${l.n} has no ", ${k}:"`));
      continue;
    }
    if (!pkg || !['role', 'file', 'built', 'file sha1 checksum'].includes(key)) {
      out.notes.push(unparsed(l, pkg ? 'line not recognised' : 'a line before the first Package line'));
      continue;
    }
    if (key === 'role') put(pkg, 'role', rest);
    else if (key === 'file') {
      const [file, fields] = splitFields(rest, ['on']);
      put(pkg, 'file', file);
      put(pkg, 'location', fields.on);
    } else if (key === 'built') {
      const [built, fields] = splitFields(rest, ['by']);
      put(pkg, 'built', built);
      put(pkg, 'builtBy', fields.by);
    } else put(pkg, 'sha1', rest);
    if (key === 'file' && !/,\s*on:/i.test(rest)) out.notes.push(unparsed(l, 'File line without ", on: <location>"'));
  }
  return out;
}

/**
 * `rpbase, version: X, status: active` → ['rpbase', { version: 'X', status: 'active' }]: the head,
 * then each `, key:` value up to the next known key. A value may itself hold commas (a file name).
 */
function splitFields(text: string, keys: string[]): [string, Record<string, string>] {
  const marks: { key: string; at: number; end: number }[] = [];
  for (const key of keys) {
    const m = new RegExp(`,\\s*${key}:`, 'i').exec(text);
    if (m) marks.push({ key, at: m.index, end: m.index + m[0].length });
  }
  marks.sort((a, b) => a.at - b.at);
  const fields: Record<string, string> = {};
  marks.forEach((m, i) => (fields[m.key] = text.slice(m.end, marks[i + 1]?.at ?? text.length).trim()));
  return [text.slice(0, marks[0]?.at ?? text.length).trim(), fields];
}

function put<K extends 'version' | 'status' | 'role' | 'file' | 'location' | 'built' | 'builtBy' | 'sha1'>(p: VersionPackage, k: K, v: string | undefined): void {
  const value = v?.trim();
  if (value && value.toLowerCase() !== 'n/a') p[k] = value;
}
