// `show inventory` (also `raw`, `OID`, `"<name>"` and `| include` excerpts) on IOS, IOS-XE, NX-OS
// and ASA: one entry per `NAME: "…", DESCR: "…"` line with the `PID: …, VID: …, SN: …` (and
// `OID: …`) lines that follow it. Names and descriptions are kept verbatim, inner spaces included.
import { isExecBanner } from './exec-banner';
import { outputLines, refuseNonOutput, type OutputLine } from './output-lines';
import { ParseError } from './parse-error';
import { missing, unparsed, type ParseNote } from './parse-note';

/** One component (entPhysical entry) of the inventory. */
export interface InventoryEntry {
  /** NAME as printed between the quotes (`Switch1 Mux Buffer 1 ` keeps its trailing space). */
  name: string;
  /** DESCR as printed between the quotes; absent (with a note) when the NAME line has none. */
  descr?: string;
  /** Absent when the device prints the field empty (`VID:      ,`) or no PID line follows. */
  pid?: string;
  vid?: string;
  sn?: string;
  /** `show inventory OID` only. */
  oid?: string;
  /** 1-based line number of the NAME line. */
  lineNumber: number;
}

export interface ShowInventory {
  entries: InventoryEntry[];
  notes: ParseNote[];
}

const CMD = 'show inventory';
const ECHO = /^sh\w*\s+inv\w*/i;
const NAME = /^\s*NAME:\s*/i;
const PID = /^\s*PID:/i;
const OID = /^\s*OID:/i;
// IOS-XE 16.x+ frames a licensing hint above the list: a rule of `+`, the INFO line, a rule.
const BANNER_RULE = /^\+{10,}$/;
const BANNER_INFO = /^INFO: Please use "show license UDI"/;

/**
 * Parses `show inventory` in any of its forms. Lines it does not know become notes; it throws
 * ParseError only for output that is not an inventory at all (empty, rejected, no NAME/PID line).
 */
export function parseShowInventory(text: string): ShowInventory {
  const lines = outputLines(text, ECHO);
  refuseNonOutput(CMD, lines);
  if (!lines.some((l) => NAME.test(l.text) || PID.test(l.text))) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'no NAME: or PID: line (not the output of show inventory)', first.text, first.n);
  }
  const entries: InventoryEntry[] = [];
  const notes: ParseNote[] = [];
  // The entry the next PID/OID line belongs to: IOS separates blocks by blank lines, but some boxes
  // (ME1200) print a blank line between NAME and PID, so a blank line does not close the block.
  let current: InventoryEntry | undefined;
  let currentHasPid = false;
  let withoutPid = 0;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || BANNER_RULE.test(t) || BANNER_INFO.test(t) || isExecBanner(t)) continue;
    if (NAME.test(l.text)) {
      if (current && !currentHasPid) withoutPid++;
      current = readNameLine(l, notes);
      currentHasPid = false;
      entries.push(current);
    } else if (PID.test(l.text)) {
      if (!current) notes.push(unparsed(l, 'a PID line with no NAME line before it'));
      else if (currentHasPid) notes.push(unparsed(l, `a second PID line for "${current.name}"`));
      else {
        readPidLine(l, current);
        currentHasPid = true;
      }
    } else if (OID.test(l.text)) {
      const oid = t.replace(OID, '').trim();
      if (!current) notes.push(unparsed(l, 'an OID line with no NAME line before it'));
      else if (oid) current.oid = oid;
    } else notes.push(unparsed(l));
  }
  if (current && !currentHasPid) withoutPid++;
  if (withoutPid > 0) notes.push(missing('PID/VID/SN', `${withoutPid} of ${entries.length} entries have no PID line (output filtered with | include?)`));
  return { entries, notes };
}

function readNameLine(l: OutputLine, notes: ParseNote[]): InventoryEntry {
  const rest = l.text.trim().replace(NAME, '');
  // The separator is the first `, DESCR:` after the name (a name never contains that text), or a
  // bare `DESCR:` when the comma is missing. Two patterns, not `,?\s*`: that one would rescan every
  // run of blanks from each of its positions.
  const sep = /,\s*DESCR:/i.exec(rest) ?? /DESCR:/i.exec(rest);
  const entry: InventoryEntry = { name: unquote(sep ? rest.slice(0, sep.index).trim() : rest), lineNumber: l.n };
  if (!sep) {
    notes.push(missing(`DESCR of "${entry.name}"`, `no DESCR on line ${l.n}`));
    return entry;
  }
  const d = rest.slice(sep.index + sep[0].length).trimStart();
  if (d.length >= 2 && d.startsWith('"') && d.endsWith('"')) entry.descr = d.slice(1, -1);
  else if (d.startsWith('"')) {
    // Cut short (or a quote lost in a capture): keep what is there and say so.
    entry.descr = d.slice(1);
    notes.push(unparsed(l, `DESCR of "${entry.name}" has no closing quote (line cut short?)`));
  } else entry.descr = d;
  return entry;
}

/** `PID: WS-C3850-24P-E    , VID: V04  , SN: FOC1932X0K1` — values may hold spaces (`Unknown PID`). */
function readPidLine(l: OutputLine, e: InventoryEntry): void {
  const rest = l.text.trim().replace(PID, '');
  const vid = /,\s*VID:/i.exec(rest);
  const sn = /,\s*SN:/i.exec(rest);
  const pidEnd = vid?.index ?? sn?.index ?? rest.length;
  set(e, 'pid', rest.slice(0, pidEnd));
  if (vid) set(e, 'vid', rest.slice(vid.index + vid[0].length, sn && sn.index > vid.index ? sn.index : rest.length));
  if (sn) set(e, 'sn', rest.slice(sn.index + sn[0].length));
}

function set(e: InventoryEntry, field: 'pid' | 'vid' | 'sn', value: string): void {
  const v = value.trim();
  if (v !== '') e[field] = v;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}
