// `show install summary` (IOS-XE install mode) and its siblings `show install committed | inactive |
// uncommitted`, which print the same table: per location (`[ R0 R1 ]`, `[ Switch 1 2 ]`,
// `[ Chassis 1/R0 ]`) the packages with type and state, read through the legend the device prints,
// then the auto-abort timer that rolls an uncommitted activation back.
import { isExecBanner } from './exec-banner';
import { outputLines, refuseNonOutput, type OutputLine } from './output-lines';
import { ParseError } from './parse-error';
import { missing, unparsed, type ParseNote } from './parse-note';

/** The four states of the legend (`I`, `U`, `C`, `D` on every release seen). */
export type InstallState = 'inactive' | 'activated-uncommitted' | 'activated-committed' | 'deactivated-uncommitted';

export interface InstallPackage {
  /** `IMG`, `SMU`, … as printed. */
  type: string;
  /** The St column as printed (`C`). */
  stateCode: string;
  /** The state the legend gives for stateCode; absent (with a note) when the legend does not explain it. */
  state?: InstallState;
  /** The Filename/Version column as printed. */
  filenameOrVersion: string;
  /** When the column names a file (`bootflash:utah.bm.smu.may15.bin`): an SMU or a package file. */
  filename?: string;
  /** When the column is a version: the device's internal form, `17.15.03.0.5371`, `16.6.6.0`. */
  version?: string;
  /** The release part of version as image names spell it (`17.15.03` of `17.15.03.0.5371`). */
  release?: string;
}

export interface InstallLocation {
  /** The bracket's text as printed: `R0 R1`, `Switch 1 2`, `Chassis 1/R0`. */
  label: string;
  /** One name per location: `['R0', 'R1']`, `['Switch 1', 'Switch 2']`, `['Chassis 1/R0']`. */
  members: string[];
  /** The word before `Package(s) Information`: `Installed`, `Committed`, `Inactive`, `Uncommitted`. */
  listing: string;
  packages: InstallPackage[];
}

export interface AutoAbortTimer {
  active: boolean;
  /** The operation that armed it (`install_activate`). */
  armedBy?: string;
  /** `time before rollback - 01:49:42` in seconds. */
  remainingSeconds?: number;
}

export interface ShowInstallSummary {
  locations: InstallLocation[];
  /** The legend as printed: state code → meaning (`{ C: 'Activated & Committed', … }`). */
  legend: Record<string, string>;
  /** Absent when the device printed no `Auto abort timer:` line (16.6 prints none). */
  autoAbortTimer?: AutoAbortTimer;
  notes: ParseNote[];
}

const CMD = 'show install summary';
const ECHO = /^sh\w*\s+ins\w*/i;
const LOCATION = /^\[([^\]]*)\]\s*(\w+)\s+Package\(s\) Information:?$/i;
const LEGEND_START = /^State \(St\):\s*/i;
const LEGEND_ITEM = /^([A-Za-z])\s*-(.*)$/;
const TABLE_HEADER = /^Type\s+St\s+Filename\/Version$/i;
const RULE = /^-{10,}$/;
// `IMG   C    17.15.03.0.5371`: IOS prints the Type and St columns in capitals.
const ROW = /^([A-Z][A-Z0-9_]*)\s+([A-Z])\s+(\S+)$/;
const NONE = /^No (\w+ )?Packages?$/i;
const TIMER = /^Auto abort timer:\s*/i;

const STATES: Record<string, InstallState> = {
  inactive: 'inactive',
  'activated & uncommitted': 'activated-uncommitted',
  'activated & committed': 'activated-committed',
  'deactivated & uncommitted': 'deactivated-uncommitted',
};

/** What 16.6 to 17.17 print, used only when the output carries no legend. */
const USUAL_LEGEND: Record<string, string> = { I: 'Inactive', U: 'Activated & Uncommitted', C: 'Activated & Committed', D: 'Deactivated & Uncommitted' };

/** `Activated & Committed` (any case or spacing) → `activated-committed`; undefined for other text. */
export function installStateOf(meaning: string): InstallState | undefined {
  return STATES[meaning.trim().toLowerCase().split(/\s+/).join(' ')];
}

/**
 * Parses `show install summary` (and `show install committed|inactive|uncommitted`). Unknown lines
 * become notes; it throws ParseError only when the text is not such a listing at all.
 */
export function parseShowInstallSummary(text: string): ShowInstallSummary {
  const lines = outputLines(text, ECHO);
  refuseNonOutput(CMD, lines);
  const identifying = (t: string) => LOCATION.test(t) || TABLE_HEADER.test(t) || TIMER.test(t);
  if (!lines.some((l) => identifying(l.text.trim()))) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'no "[ … ] Package(s) Information:", "Type St Filename/Version" or "Auto abort timer:" line (not the output of show install)', first.text, first.n);
  }
  const out: ShowInstallSummary = { locations: [], legend: {}, notes: [] };
  const rows: { l: OutputLine; loc: InstallLocation; row: RegExpExecArray }[] = [];
  let loc: InstallLocation | undefined;
  // The legend wraps onto a second line (16.6 puts a blank line between the two): from `State (St):`
  // up to the rule or header under it, a line of `X - Meaning` items continues it.
  let inLegend = false;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '') continue;
    if (LEGEND_START.test(t)) {
      readLegend(t.replace(LEGEND_START, ''), out.legend);
      inLegend = true;
      continue;
    }
    if (inLegend && readLegend(t, out.legend)) continue;
    if (RULE.test(t) || TABLE_HEADER.test(t)) {
      inLegend = false;
      continue;
    }
    if (isExecBanner(t)) continue;
    let m = LOCATION.exec(t);
    if (m) {
      const label = m[1]!.trim();
      loc = { label, members: members(label), listing: m[2]!, packages: [] };
      out.locations.push(loc);
      inLegend = false;
      continue;
    }
    if (TIMER.test(t)) {
      out.autoAbortTimer = readTimer(l, t.replace(TIMER, ''), out.notes);
      continue;
    }
    if (NONE.test(t)) continue;
    m = ROW.exec(t);
    if (m) {
      if (!loc) {
        out.notes.push(missing('location', `line ${l.n}: a package row before any "[ … ] Package(s) Information:" line`));
        loc = { label: '', members: [], listing: '', packages: [] };
        out.locations.push(loc);
      }
      rows.push({ l, loc, row: m });
      continue;
    }
    out.notes.push(unparsed(l));
  }
  // States are read once the whole legend is known (it precedes the rows, but is not required to).
  let legend = out.legend;
  if (Object.keys(legend).length === 0 && rows.length > 0) {
    legend = USUAL_LEGEND;
    out.notes.push(missing('legend', 'no "State (St):" legend printed: the St column read as I/U/C/D, the legend of every release seen'));
  }
  for (const { l, loc: at, row } of rows) at.packages.push(readRow(l, row, legend, out.notes));
  return out;
}

/** `R0 R1` → R0, R1; `Switch 1 2` → Switch 1, Switch 2; `Chassis 1/R0 2/R0` → Chassis 1/R0, Chassis 2/R0. */
function members(label: string): string[] {
  const words = label.split(/\s+/).filter((w) => w !== '');
  if (words.length > 1 && /^[A-Za-z]+$/.test(words[0]!)) return words.slice(1).map((w) => `${words[0]} ${w}`);
  return words;
}

/** `I - Inactive, U - Activated & Uncommitted,` into legend; false when no item was read. */
function readLegend(text: string, legend: Record<string, string>): boolean {
  let read = false;
  for (const part of text.split(',')) {
    const m = LEGEND_ITEM.exec(part.trim());
    if (!m) continue;
    const meaning = m[2]!.trim();
    if (meaning === '') continue;
    legend[m[1]!.toUpperCase()] = meaning;
    read = true;
  }
  return read;
}

function readRow(l: OutputLine, row: RegExpExecArray, legend: Record<string, string>, notes: ParseNote[]): InstallPackage {
  const col = row[3]!;
  const p: InstallPackage = { type: row[1]!, stateCode: row[2]!, filenameOrVersion: col };
  const meaning = legend[p.stateCode.toUpperCase()];
  const state = meaning === undefined ? undefined : installStateOf(meaning);
  if (state) p.state = state;
  else notes.push(missing(`state of ${col}`, meaning === undefined ? `line ${l.n}: "${p.stateCode}" is not in the legend the device printed` : `line ${l.n}: legend meaning "${meaning}" is not a known state`));
  // A version is dotted digits (with a letter suffix, `17.09.06a.0.12`); anything with a file
  // system, a path or an extension is a file.
  if (/^\d[\w.]*$/.test(col) && col.includes('.') && !/\.(bin|pkg|conf)$/i.test(col)) {
    p.version = col;
    const parts = col.split('.');
    if (parts.length >= 4) p.release = parts.slice(0, 3).join('.');
  } else p.filename = col;
  return p;
}

/** `inactive` | `active on install_activate, time before rollback - 01:49:42`. */
function readTimer(l: OutputLine, text: string, notes: ParseNote[]): AutoAbortTimer {
  const t: AutoAbortTimer = { active: /^active\b/i.test(text) };
  if (!t.active && !/^inactive\b/i.test(text)) notes.push(unparsed(l, 'auto abort timer state not recognised'));
  const on = /^active\s+on\s+([\w-]+)/i.exec(text);
  if (on) t.armedBy = on[1]!;
  // Hours are bounded so the figure stays a real duration (the longest timer IOS takes is 120 min).
  const left = /time before rollback\s*-\s*(\d{1,6}):(\d{1,2}):(\d{1,2})/i.exec(text);
  if (left) t.remainingSeconds = Number(left[1]) * 3600 + Number(left[2]) * 60 + Number(left[3]);
  else if (t.active) notes.push(missing('auto abort timer remaining time', `line ${l.n}: no "time before rollback - hh:mm:ss"`));
  return t;
}
