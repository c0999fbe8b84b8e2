// The row-then-`A bytes available (U bytes used)` shape shared by IOS-XE `show flash:` and Class A
// listings: each row read by the layout's own pattern, the totals line, and notes for the rest.
import type { DirListing } from './dir-types';
import type { OutputLine } from './output-lines';
import { missing, type ParseNote, unparsed } from './parse-note';

const FOOTER = /^(\d{1,20}) bytes available \((\d{1,20}) bytes used\)$/;

/** Feeds each row `row` matches to `take`; returns the totals (when printed) with notes for the rest. */
export function scanAvailableListing(lines: OutputLine[], row: RegExp, what: string, take: (m: RegExpExecArray) => void): { totals?: Pick<DirListing, 'freeBytes' | 'usedBytes' | 'totalBytes'>; notes: ParseNote[] } {
  const notes: ParseNote[] = [];
  let footer: RegExpExecArray | null = null;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '') continue;
    const f = FOOTER.exec(t);
    if (f) {
      footer ??= f;
      continue;
    }
    const m = footer ? null : row.exec(l.text);
    if (m) take(m);
    else notes.push(unparsed(l, footer ? 'text after the totals line' : what));
  }
  if (!footer) {
    notes.push(missing('free space', 'no closing "… bytes available (… bytes used)" line (output truncated?)'));
    return { notes };
  }
  const freeBytes = Number(footer[1]);
  const usedBytes = Number(footer[2]);
  return { totals: { freeBytes, usedBytes, totalBytes: freeBytes + usedBytes }, notes };
}
