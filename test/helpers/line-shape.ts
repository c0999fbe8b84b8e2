// The shape of a line of device output, with its values abstracted and its layout kept: labels and
// keywords stay literal (so `Configuration Register is` ≠ `Configuration register is`), numbers
// become `9`, names and paths `V`, and a token that follows padding (two or more spaces, or
// indentation) records the column it is aligned on — its right edge for a number (IOS right-aligns
// sizes and indexes), its left edge otherwise. Tabs and trailing blanks (where the line ends) are kept. Two outputs "look
// alike" when they print the same set of line shapes.

const days = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const months = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';

/** Values that vary from box to box and would otherwise look like structure, replaced before tokenizing. */
const valueRules: [RegExp, (m: string) => string][] = [
  // The name ending a `dir` row (after its time zone or `<no date>`) is a value, even `core` or `tracelogs`.
  [/((?:[+-]\d\d:\d\d|<no date>) {2})\S.*$/, (m) => m.replace(/ {2}\S.*$/, '  NAME')],
  // A time zone after a time (`08:14:02 UTC`, `04:39:28 AEDT`) and a license level are values.
  [/(\d\d:\d\d:\d\d(?:\.\d+)?) [A-Z]{2,5}\b/g, (m) => m.replace(/ [A-Z]+$/, ' TZ')],
  [/((?:^|\s)(?:License|license) Level: )\S+/, (m) => m.replace(/\S+$/, 'LEVEL')],
  // Yes/no settings (`Manual Boot = yes`, `Enable Break        : no`).
  [/([=:] +)(?:yes|no)$/, (m) => m.replace(/(?:yes|no)$/, 'YN')],
  // Hardware revisions and release-train names: `(revision E)`, `Cisco IOS Software [Fuji]`.
  [/\(revision [^)]*\)/g, () => '(revision R)'],
  [/(Cisco IOS Software) \[\w+\]/, (m) => m.replace(/\[\w+\]/, '[TRAIN]')],
  // Quoted text is a value (`NAME: "Chassis"`, `System image file is "flash:x.bin"`).
  [/"[^"]*"/g, () => '"Q"'],
  // `Mar 2 2015 08:46:31` / `Apr 10 2017 17:20:51`: one right-aligned value, whatever the day's width.
  [new RegExp(`(?:${months}) {1,2}\\d{1,2} \\d{4} \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?`, 'g'), (m) => 'DATE'.padStart(m.length)],
  // An uptime: `2 weeks, 1 day, 9 hours, 17 minutes`, `19 minutes`.
  [/\d+ (?:year|week|day|hour|minute)s?(?:, \d+ (?:year|week|day|hour|minute)s?)*/g, () => 'UPTIME'],
  [new RegExp(`\\b(?:${days})\\b`, 'g'), () => 'DAY'],
  [new RegExp(`\\b(?:${months})\\b`, 'g'), () => 'MONTH'],
  // Who built the image: `by mcpre`, `by prod_rel_team`.
  [/^(Compiled .* by) \S+$/, (m) => m.replace(/ \S+$/, ' BUILDER')],
];

function tokenClass(token: string): string {
  const m = /^([("'[]*)(.*?)([)"',;:\]]*)$/.exec(token)!;
  let [, lead, core, trail] = m;
  // `12.2(29b),`: the `)` closes a parenthesis inside the value, not one around it.
  while (trail.startsWith(')') && (core.match(/\(/g)?.length ?? 0) > (core.match(/\)/g)?.length ?? 0)) {
    core += ')';
    trail = trail.slice(1);
  }
  if (lead.startsWith('(') && !trail.includes(')') && core.includes(')')) {
    core = `(${core}`;
    lead = lead.slice(1);
  }
  let cls: string;
  if (core === '') cls = '';
  else if (/^\d+$/.test(core)) cls = '9';
  else if (/^0x[0-9a-f]+$/i.test(core)) cls = '0xH';
  else if (/^[A-Za-z]+$/.test(core) || /^[A-Z]+(?:[-_/][A-Z]+)*$/.test(core) || /^-+$|^\++$|^=+$/.test(core) || /^-#-$/.test(core)) cls = core;
  else cls = 'V';
  return `${lead}${cls}${trail}`;
}

/** One line's shape; `names` maps literal names (a hostname that is a plain word) to placeholders first. */
export function lineShape(line: string, names: Record<string, string> = {}): string {
  let text = line.replace(/\r$/, '');
  for (const [name, placeholder] of Object.entries(names)) text = text.split(name).join(placeholder);
  for (const [re, fn] of valueRules) text = text.replace(re, fn);
  const trailing = /[ \t]*$/.exec(text)![0];
  text = text.slice(0, text.length - trailing.length);
  const out: string[] = [];
  const re = /([ \t]*)(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [, ws, token] = m;
    const start = m.index + ws.length;
    const cls = tokenClass(token);
    const padded = ws.replace(/\t/g, '').length >= 2 || (m.index === 0 && ws.length > 0);
    const tabs = ws.includes('\t') ? `\\t${ws.split('\t').length - 1}` : '';
    const sep = out.length === 0 ? '' : ' ';
    if (padded && cls === '9') out.push(`${sep}${tabs}${cls}>${start + token.length}`);
    else if (padded) out.push(`${sep}${tabs}<${start}${cls}`);
    else out.push(`${sep}${tabs}${cls}`);
  }
  // One trailing blank is part of the format (`…Software `); more pad a field to a column: keep where the line ends.
  if (trailing === ' ') out.push('⏎1');
  else if (trailing) out.push(`⏎@${text.length + trailing.length}${trailing.includes('\t') ? '\\t' : ''}`);
  return out.join('');
}

export function shapes(text: string, names: Record<string, string> = {}): Set<string> {
  return new Set(text.split('\n').map((l) => lineShape(l, names)));
}

/**
 * Lines of `actual` whose shape no line of `reference` has, and reference lines whose shape
 * `actual` never prints — each as the first line of that shape, for the failure message.
 */
export function shapeDiff(actual: string, reference: string, names: Record<string, string> = {}): { unreal: string[]; missing: string[] } {
  const first = (text: string) => {
    const byShape = new Map<string, string>();
    for (const l of text.split('\n')) {
      const s = lineShape(l, names);
      if (!byShape.has(s)) byShape.set(s, l);
    }
    return byShape;
  };
  const a = first(actual);
  const r = first(reference);
  return {
    unreal: [...a].filter(([s]) => !r.has(s)).map(([, l]) => l),
    missing: [...r].filter(([s]) => !a.has(s)).map(([, l]) => l),
  };
}
