// `show install version summary` (IOS-XE 17.x): per location the versions known to the install
// system, each with its state and package list — the same facts as `show install summary`, with the
// package files named, printed as indented `Key: value` lines.
import { isExecBanner } from './exec-banner';
import { outputLines, refuseNonOutput } from './output-lines';
import { ParseError } from './parse-error';
import { missing, unparsed, type ParseNote } from './parse-note';
import { installStateOf, type InstallState } from './show-install-summary';

export interface InstallVersionPackage {
  /** `IMG`, `SMU` as printed. */
  type: string;
  /** `Package Name:` as printed (`/flash1/user/cat9k-lni.….SSA.pkg`). */
  name?: string;
  /** `Package State:` as printed and as a state. */
  stateText?: string;
  state?: InstallState;
}

export interface InstallVersion {
  /** The device's internal form, `17.10.01.0.161965`. */
  version: string;
  extension?: string;
  stateText?: string;
  state?: InstallState;
  filename?: string;
  checksum?: string;
  packages: InstallVersionPackage[];
}

export interface InstallVersionLocation {
  /** `R0`, `R1`, `Switch 1 R0` … as printed. */
  location: string;
  versions: InstallVersion[];
}

export interface ShowInstallVersionSummary {
  locations: InstallVersionLocation[];
  notes: ParseNote[];
}

const CMD = 'show install version summary';
const ECHO = /^sh\w*\s+ins\w*/i;

/** Parses `show install version summary`; unknown lines become notes, non-output throws ParseError. */
export function parseShowInstallVersionSummary(text: string): ShowInstallVersionSummary {
  const lines = outputLines(text, ECHO);
  refuseNonOutput(CMD, lines);
  const keyOf = (t: string) => {
    const i = t.indexOf(':');
    return i < 0 ? undefined : { key: t.slice(0, i).trim().toLowerCase(), value: t.slice(i + 1).trim() };
  };
  if (!lines.some((l) => keyOf(l.text)?.key === 'location')) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'no "Location:" line (not the output of show install version summary)', first.text, first.n);
  }
  const out: ShowInstallVersionSummary = { locations: [], notes: [] };
  let loc: InstallVersionLocation | undefined;
  let ver: InstallVersion | undefined;
  let pkg: InstallVersionPackage | undefined;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || isExecBanner(t)) continue;
    const kv = keyOf(t);
    const orphan = (what: string) => out.notes.push(unparsed(l, `"${kv?.key}" outside a ${what}`));
    switch (kv?.key) {
      case 'location':
        loc = { location: kv.value, versions: [] };
        out.locations.push(loc);
        ver = pkg = undefined;
        break;
      case 'version':
        if (!loc) orphan('Location');
        else {
          ver = { version: kv.value, packages: [] };
          loc.versions.push(ver);
          pkg = undefined;
        }
        break;
      case 'version extension':
      case 'version state':
      case 'filename':
      case 'checksum':
        if (!ver) orphan('Version');
        else if (kv.value !== '') {
          if (kv.key === 'version extension') ver.extension = kv.value;
          else if (kv.key === 'filename') ver.filename = kv.value;
          else if (kv.key === 'checksum') ver.checksum = kv.value;
          else setState(ver, kv.value, l.n, out.notes);
        }
        break;
      case 'cw_image':
      case 'package list':
        break;
      case 'package type':
        if (!ver) orphan('Version');
        else {
          pkg = { type: kv.value };
          ver.packages.push(pkg);
        }
        break;
      case 'package name':
      case 'package state':
        if (!pkg) orphan('Package Type');
        else if (kv.key === 'package name') pkg.name = kv.value;
        else setState(pkg, kv.value, l.n, out.notes);
        break;
      default:
        out.notes.push(unparsed(l));
    }
  }
  return out;
}

function setState(o: { stateText?: string; state?: InstallState }, text: string, n: number, notes: ParseNote[]): void {
  o.stateText = text;
  const s = installStateOf(text);
  if (s) o.state = s;
  else notes.push(missing('state', `line ${n}: "${text}" is not a known install state`));
}
