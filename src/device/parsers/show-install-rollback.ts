// `show install rollback` (IOS-XE install mode): the rollback points `install rollback to id N`
// can return to, as a table `ID  Label  Description` whose columns the header line places.
import { isExecBanner } from './exec-banner';
import { outputLines, refuseNonOutput } from './output-lines';
import { ParseError } from './parse-error';
import { unparsed, type ParseNote } from './parse-note';

export interface RollbackPoint {
  id: number;
  /** As printed; IOS-XE prints `No Label` / `No Description` for none. */
  label: string;
  description: string;
}

export interface ShowInstallRollback {
  points: RollbackPoint[];
  notes: ParseNote[];
}

const CMD = 'show install rollback';
const HEADER = /^ID\s+Label\s+Description$/i;

/** Parses `show install rollback`; unknown lines become notes, non-output throws ParseError. */
export function parseShowInstallRollback(text: string): ShowInstallRollback {
  const lines = outputLines(text, /^sh\w*\s+ins\w*/i);
  refuseNonOutput(CMD, lines);
  const h = lines.find((l) => HEADER.test(l.text.trim()));
  if (!h) {
    const first = lines.find((l) => l.text.trim() !== '')!;
    throw new ParseError(CMD, 'no "ID Label Description" header (not the output of show install rollback)', first.text, first.n);
  }
  // Label and Description may hold spaces: the header's words mark where each column starts.
  const labelAt = h.text.search(/Label/i);
  const descrAt = h.text.search(/Description/i);
  const out: ShowInstallRollback = { points: [], notes: [] };
  for (const l of lines) {
    const t = l.text.trim();
    if (l === h || t === '' || /^-+$/.test(t) || isExecBanner(t)) continue;
    const id = /^\s*(\d{1,15})\s/.exec(l.text);
    if (!id || l.text.length <= labelAt) {
      out.notes.push(unparsed(l));
      continue;
    }
    out.points.push({ id: Number(id[1]), label: l.text.slice(labelAt, descrAt).trim(), description: l.text.slice(descrAt).trim() });
  }
  return out;
}
