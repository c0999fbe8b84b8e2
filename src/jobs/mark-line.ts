// IOS prints a copy's progress marks on one line (`!` per ten packets, `.` a timeout, `e` erasing,
// `v` verifying …): a 1 GiB TFTP copy at 512-byte blocks is over 200,000 of them. The job's log keeps
// that line as one line, its long runs of one mark counted (`! × 40960`), live while the copy runs
// and final when the line ends. Pure: text in, lines out.

const markChars = new Set('!.OeEvVC');
const leadingMarks = /^[!.OeEvVC]+/;

/** The marks a line ends with (a scan from its end: a regex `[…]+$` is quadratic on long runs). */
function trailingMarks(line: string): { index: number; marks: string } | undefined {
  let i = line.length;
  while (i > 0 && markChars.has(line[i - 1]!)) i--;
  return i < line.length ? { index: i, marks: line.slice(i) } : undefined;
}

/** What may stand before marks on a progress line (copy-output.ts knows the same shapes). */
const progressPrefix = /^(?:|Loading \S.*? from \S+ \(via [^)]+\): ?|Loading \S+ |Copy in progress\.\.\.|Erasing device\.* ?|Verifying\b.*\.\.\. ?|Accessing \S+\.\.\.)$/;

/** Runs this long or longer are written as a count; shorter ones (a few timeouts) stay as printed. */
export const countedRunLength = 10;

type Run = [mark: string, count: number];

function addMarks(runs: Run[], text: string): void {
  for (const ch of text) {
    const last = runs.at(-1);
    if (last && last[0] === ch) last[1]++;
    else runs.push([ch, 1]);
  }
}

function renderRuns(runs: Run[]): string {
  return runs.map(([mark, count]) => (count >= countedRunLength ? ` ${mark} × ${count} ` : mark.repeat(count))).join('').replace(/ {2,}/g, ' ').trim();
}

/** `Loading x from h (via v): !!!!…` with its marks counted; any other line as it is. */
export function foldMarkLine(line: string): string {
  const tail = trailingMarks(line);
  if (!tail) return line;
  const prefix = line.slice(0, tail.index);
  if (!progressPrefix.test(prefix)) return line;
  const runs: Run[] = [];
  addMarks(runs, tail.marks);
  return `${prefix}${renderRuns(runs)}`;
}

/**
 * Follows a job's log texts. Each text is one or more lines, as before, except that a progress line
 * (marks at its end) stays open: the marks of the texts after it are added to it, also across the
 * line breaks a device inserts when it wraps them, until other text comes.
 */
export class MarkLineFolder {
  private live: { prefix: string; runs: Run[]; brokenAt: boolean } | undefined;

  /** The open progress line as it reads now, or undefined when there is none. */
  get liveText(): string | undefined {
    return this.live ? `${this.live.prefix}${renderRuns(this.live.runs)}` : undefined;
  }

  /** Adds one log text; returns the lines it completed (the open line's final form first, if it ended). */
  feed(text: string): string[] {
    const out: string[] = [];
    let s = text.replace(/\r/g, '');
    if (this.live) {
      for (;;) {
        // Marks up to a line break (or the end) continue the line; after a break too, where IOS
        // wraps it. Only a whole run of marks does: `e`, `v`, `C` … also start words.
        const lead = leadingMarks.exec(s)?.[0] ?? '';
        if (lead && (lead.length === s.length || s[lead.length] === '\n')) {
          addMarks(this.live.runs, lead);
          this.live.brokenAt = false;
          s = s.slice(lead.length);
        }
        if (s === '') return out;
        if (s[0] === '\n' && !this.live.brokenAt) {
          this.live.brokenAt = true;
          s = s.slice(1);
          continue;
        }
        // Anything else ends the progress line. A second break in a row stays as an empty line.
        out.push(this.end()[0]!);
        break;
      }
    }
    const lines = s.split('\n');
    const last = lines.pop()!;
    for (const l of lines) out.push(foldMarkLine(l));
    const tail = trailingMarks(last);
    const prefix = tail ? last.slice(0, tail.index) : undefined;
    if (tail && prefix !== undefined && progressPrefix.test(prefix)) {
      this.live = { prefix, runs: [], brokenAt: false };
      addMarks(this.live.runs, tail.marks);
    } else if (!tail && last !== '' && progressPrefix.test(last)) {
      // `Loading x from h (via v): ` arrives before its first mark: the marks go on this line.
      this.live = { prefix: last, runs: [], brokenAt: false };
    } else {
      out.push(last);
    }
    return out;
  }

  /** Closes the open progress line (the job or its copy ended); returns it, final, if there was one. */
  end(): string[] {
    const text = this.liveText;
    this.live = undefined;
    return text === undefined ? [] : [text];
  }
}
