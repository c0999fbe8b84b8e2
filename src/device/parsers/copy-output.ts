// The output of `copy` as it streams: progress marks (`!` 10 packets, `.` timeout, `O` out of order,
// `e` erasing, `v` verifying, `C` local copy), `Accessing`/`Loading` lines, `[OK - N bytes]`,
// `N bytes copied in S secs (R bytes/sec)` and `%Error <verb> <url> (<cause>)`. Unsolicited syslog and
// AutoInstall lines can land in the middle of a `!!!!` line; they are kept apart, never miscounted.
import { CopySegment, isWsCode } from './copy-segment';
import { ParseError } from './parse-error';

export type ProgressMark = '!' | '.' | 'O' | 'e' | 'v' | 'C';

export interface CopyError {
  /** The whole line as printed. */
  message: string;
  /** `opening`, `reading`, `copying`, `writing`, `deleting`, `erasing` … */
  verb?: string;
  url?: string;
  /** What IOS prints in parentheses: `Timed out`, `Not enough space on device`, `No such file or directory`. */
  cause?: string;
}

export type CopyPhase = 'starting' | 'erasing' | 'loading' | 'copying' | 'verifying' | 'done' | 'failed';

export interface CopyOutput {
  phase: CopyPhase;
  marks: Record<ProgressMark, number>;
  accessing?: string;
  loading?: { path: string; host?: string; via?: string };
  /** `Erase of flash: complete` / `...erased` was printed (Class B erase-before-copy). */
  erased: boolean;
  okBytes?: number;
  copiedBytes?: number;
  seconds?: number;
  bytesPerSecond?: number;
  /** Class B: `Verifying checksum...  OK (0x266E)`. */
  checksum?: { ok: boolean; value?: string };
  /** `[timed out]` was printed. */
  timedOut: boolean;
  /** The error that ended this copy (an %Error after which no success line came, about this copy's host). */
  error?: CopyError;
  /** Every error line seen, including unsolicited ones (AutoInstall's `tftp://255.255.255.255/…`). */
  errors: CopyError[];
  warnings: string[];
  /** Prompts echoed in the output (the dialogue runner answers them; kept for the log). */
  prompts: string[];
  /** Lines we do not interpret (syslog messages and the like), verbatim. */
  other: string[];
  /** Lines not kept because their list already held MAX_KEPT_LINES (a device printing without end). */
  omittedLines?: number;
  succeeded: boolean;
}

const MARK_CHARS = '!.OeEvVC';
/** Text between marks is classified in pieces of at most this many characters. */
const MAX_SEGMENT = 16_384;
/** Lines kept in each of `other`, `errors`, `warnings` and `prompts`; later ones are only counted. */
export const MAX_KEPT_LINES = 1000;

/** Follows a `copy` as its output arrives in arbitrary chunks. Pure: no I/O, no timers. */
export class CopyProgressTracker {
  private segment = new CopySegment();
  private allowed: string | undefined;
  private lastVerify = false;
  private pending: CopyError | undefined;
  private omitted = 0;
  // The last snapshot, returned again while nothing changed (a chunk that only added text).
  private last: CopyOutput | undefined;
  private readonly s: CopyOutput = {
    phase: 'starting',
    marks: { '!': 0, '.': 0, O: 0, e: 0, v: 0, C: 0 },
    erased: false,
    timedOut: false,
    errors: [],
    warnings: [],
    prompts: [],
    other: [],
    succeeded: false,
  };
  // Snapshots share the copies of the line lists until a list grows (they only ever grow).
  private copies: Pick<CopyOutput, 'errors' | 'warnings' | 'prompts' | 'other'> = { errors: [], warnings: [], prompts: [], other: [] };

  /** Feeds the next chunk of output; returns the state so far. Linear in the chunk's length. */
  push(chunk: string): CopyOutput {
    const seg = this.segment;
    // The segment's text is sliced from the chunk in runs; its facts are noted per character.
    let run = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 13 || c === 10) {
        seg.add(chunk.slice(run, i));
        run = i + 1;
        if (c === 10) {
          this.endSegment();
          this.allowed = undefined;
        }
        continue;
      }
      // Every mark character is ASCII; others go straight to the segment.
      const ch = c < 128 ? chunk[i]! : '';
      if (this.allowed !== undefined) {
        if (ch !== '' && this.allowed.includes(ch)) {
          this.count(ch);
          run = i + 1;
          continue;
        }
        this.allowed = undefined;
      } else if (ch !== '' && MARK_CHARS.includes(ch)) {
        const p = seg.prefixFor(ch);
        if (p) {
          seg.add(chunk.slice(run, i));
          run = i + 1;
          this.classify(seg.take());
          this.allowed = p.allowed;
          this.count(ch);
          continue;
        }
      }
      seg.note(c);
      if (seg.length > MAX_SEGMENT) {
        seg.add(chunk.slice(run, i + 1));
        run = i + 1;
        this.endSegment();
      }
    }
    seg.add(chunk.slice(run));
    return this.snapshot();
  }

  /**
   * The state so far: safe to keep, not to change — the same object comes back while nothing changed,
   * and its line lists are frozen and shared between snapshots.
   */
  snapshot(): CopyOutput {
    if (this.last) return this.last;
    for (const k of ['errors', 'warnings', 'prompts', 'other'] as const) {
      if (this.copies[k].length !== this.s[k].length) (this.copies as Record<typeof k, unknown[]>)[k] = Object.freeze([...this.s[k]]) as unknown[];
    }
    const out: CopyOutput = { ...this.s, marks: { ...this.s.marks }, ...this.copies };
    if (this.omitted > 0) out.omittedLines = this.omitted;
    if (this.pending) {
      out.error = this.pending;
      out.phase = 'failed';
    }
    out.succeeded = !this.pending && (out.copiedBytes !== undefined || out.okBytes !== undefined) && out.checksum?.ok !== false;
    this.last = out;
    return out;
  }

  /**
   * The output is complete: returns the final state. Throws ParseError when it ends before IOS said
   * how the copy went (no `bytes copied`, no `[OK - …]`, no error) — a truncated capture.
   */
  finish(): CopyOutput {
    this.endSegment();
    this.allowed = undefined;
    const out = { ...this.snapshot() };
    if (!out.error && out.copiedBytes === undefined && out.okBytes === undefined) {
      const last = this.s.other[this.s.other.length - 1] ?? '';
      throw new ParseError('copy', 'the output ends without "N bytes copied", "[OK - N bytes]" or an %Error line (truncated?)', last.length > 200 ? `${last.slice(0, 200)}…` : last);
    }
    if (out.phase !== 'failed') out.phase = 'done';
    return out;
  }

  private count(ch: string) {
    this.last = undefined;
    const mark = (ch === 'V' ? 'v' : ch === 'E' ? 'e' : ch) as ProgressMark;
    this.s.marks[mark]++;
    if (mark === 'e') this.s.phase = 'erasing';
    else if (mark === 'v') this.s.phase = 'verifying';
  }

  private endSegment() {
    const text = this.segment.take();
    if (text.trim() !== '') this.classify(text);
  }

  private keep<K extends 'errors' | 'warnings' | 'prompts' | 'other'>(list: K, item: CopyOutput[K][number]): void {
    const a = this.s[list] as CopyOutput[K][number][];
    if (a.length < MAX_KEPT_LINES) a.push(item);
    else this.omitted++;
  }

  // Every test below is linear in the line: fixed prefixes, scans from one end, and patterns whose
  // quantified parts cannot match the same characters (device text is untrusted, house style 13).
  private classify(raw: string) {
    this.last = undefined;
    const t = raw.trim();
    const s = this.s;
    let m: RegExpExecArray | null;
    if (t === '') return;
    // Most rules start with a fixed word: the first character rules the others out cheaply.
    const c0 = t[0]!;
    if (isMarks(t, 0, t.length)) {
      for (const ch of t) this.count(ch);
      return;
    }
    if (c0 === 'A' && (m = /^Accessing (\S+?)\.\.\.$/.exec(t))) {
      s.accessing = m[1]!;
      return;
    }
    const loading = c0 === 'L' ? readLoading(t) : undefined;
    if (loading) {
      s.loading = loading.loading;
      s.phase = 'loading';
      for (const ch of loading.marks) this.count(ch);
      return;
    }
    if (c0 === 'C' && (m = /^Copy in progress\.\.\.(C*)$/.exec(t))) {
      s.phase = 'copying';
      for (const ch of m[1]!) this.count(ch);
      return;
    }
    if (c0 === '[' && (m = /^\[OK - (\d{1,20})(?:\/(\d{1,20}))? bytes\]$/.exec(t))) {
      s.okBytes = Number(m[1]);
      return;
    }
    if (c0 >= '0' && c0 <= '9' && (m = /^(\d{1,20}) bytes copied in (\d{1,20}(?:\.\d{1,20})?|\.\d{1,20}) secs?(?: \((\d{1,20}) bytes\/sec\))?$/.exec(t))) {
      s.copiedBytes = Number(m[1]);
      s.seconds = Number(m[2]);
      if (m[3]) s.bytesPerSecond = Number(m[3]);
      s.phase = 'done';
      // The copy finished: any %Error before this line was unsolicited, not this copy's.
      this.pending = undefined;
      return;
    }
    if (c0 === 'F' && (m = /^Flash copy took (\d{1,20}):(\d{2}):(\d{2}) \[hh:mm:ss\]$/.exec(t))) {
      s.seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
      return;
    }
    const copyError = c0 === '%' ? readCopyError(t) : undefined;
    if (copyError) {
      this.error(copyError.error);
      for (const ch of copyError.marks) this.count(ch);
      return;
    }
    if ((c0 === '%' && (/^%Error\b/i.test(t) || /^%\s*Invalid input detected/.test(t) || t.startsWith('%dev_open:'))) || t.startsWith('ERR: ')) {
      this.error({ message: t });
      return;
    }
    if ((m = /^(\S+): (No such file or directory|Permission denied|Not enough space on device)$/.exec(t))) {
      this.error({ message: t, url: m[1]!, cause: m[2]! });
      return;
    }
    if (c0 === '[' && /^\[timed out\]$/i.test(t)) {
      s.timedOut = true;
      return;
    }
    if (/^Erase of \S+ complete$/.test(t) || /^\.*erased$/.test(t)) {
      s.erased = true;
      return;
    }
    const erasing = c0 === 'E' ? readErasing(t) : undefined;
    if (erasing) {
      s.phase = 'erasing';
      for (let i = 0; i < erasing.marks; i++) this.count('e');
      if (erasing.erased) s.erased = true;
      return;
    }
    const verifying = c0 === 'V' ? readVerifying(t) : undefined;
    if (verifying) {
      s.phase = 'verifying';
      this.lastVerify = true;
      for (let i = 0; i < verifying.marks; i++) this.count('v');
      if (verifying.result) this.checksum(verifying.result.word, verifying.result.value);
      return;
    }
    if (this.lastVerify && (m = /^(OK|FAILED|failed)\s*(?:\((0x[0-9A-Fa-f]+)\))?$/.exec(t))) {
      this.checksum(m[1]!, m[2]);
      return;
    }
    if (t.startsWith('%Warning')) {
      this.keep('warnings', t);
      return;
    }
    if (isPrompt(t)) {
      this.keep('prompts', t);
      return;
    }
    // A syslog message (`*Mar  1 00:10:12.345: %LINK-3-UPDOWN: …`) printed in the middle of the
    // progress line: the `!` run after its text is the progress continuing, not part of the message.
    const bangs = trailingRun(t, '!');
    if (bangs > 0 && bangs < t.length && SYSLOG_TAG.test(t.slice(0, t.length - bangs))) {
      this.keep('other', t.slice(0, t.length - bangs));
      for (let i = 0; i < bangs; i++) this.count('!');
      return;
    }
    this.keep('other', t);
  }

  private checksum(word: string, value: string | undefined) {
    this.s.checksum = value ? { ok: word === 'OK', value } : { ok: word === 'OK' };
    this.lastVerify = false;
  }

  private error(e: CopyError) {
    this.keep('errors', e);
    // AutoInstall probes (`tftp://255.255.255.255/network-confg`) time out during a copy; an error
    // naming another host than the one we are loading from is not this copy's failure.
    const host = e.url && /^\w+:\/\/(?:[^@/]*@)?([^/]+)\//.exec(e.url)?.[1];
    if (host && this.s.loading?.host && host !== this.s.loading.host) return;
    this.pending = e;
  }
}

/** Parses a complete `copy` output (the tracker fed once, then finished). */
export function parseCopyOutput(text: string): CopyOutput {
  const t = new CopyProgressTracker();
  t.push(text);
  return t.finish();
}

// `%LINK-3-UPDOWN: `: a syslog message's facility-severity-mnemonic.
const SYSLOG_TAG = /%[A-Z0-9_]+-\d-[A-Z0-9_]+: /;

function isMarks(t: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (!MARK_CHARS.includes(t[i]!)) return false;
  return true;
}

/** How many characters at the end of `t` are among `chars`. */
function trailingRun(t: string, chars: string): number {
  let i = t.length;
  while (i > 0 && chars.includes(t[i - 1]!)) i--;
  return t.length - i;
}

function skipWs(t: string, i: number): number {
  while (i < t.length && isWsCode(t.charCodeAt(i))) i++;
  return i;
}

/**
 * `Loading <path> from <host> (via <iface>): !!!` (TFTP) or `Loading <path> !!!` (FTP, RCP), the marks
 * after it. The path is the shortest that leaves ` from <host> (via <iface>)`; no pattern is used:
 * a lazy path followed by ` from \\S+` and `[^)]+` backtracks over a hostile line.
 */
function readLoading(t: string): { loading: NonNullable<CopyOutput['loading']>; marks: string } | undefined {
  if (!t.startsWith('Loading ') || t.length < 9 || isWsCode(t.charCodeAt(8))) return undefined;
  const marksAt = t.length - trailingRun(t, '!.O');
  const marks = t.slice(marksAt);
  let end = marksAt;
  while (end > 0 && isWsCode(t.charCodeAt(end - 1))) end--;
  if (t.startsWith('):', end - 2)) {
    const close = end - 2;
    const prevClose = t.lastIndexOf(')', close - 1);
    // The host is the word right before ` (via `, after ` from `; the first such ` (via ` wins.
    for (let v = t.indexOf(' (via ', prevClose + 1); v >= 0 && v + 6 < close; v = t.indexOf(' (via ', v + 1)) {
      let h = v;
      while (h > 0 && !isWsCode(t.charCodeAt(h - 1))) h--;
      if (h < v && h - 6 > 8 && t.startsWith(' from ', h - 6)) {
        return { loading: { path: t.slice(8, h - 6), host: t.slice(h, v), via: t.slice(v + 6, close) }, marks };
      }
    }
  }
  // `Loading <path>` and marks: the path is one word; only blanks and marks may follow it.
  let p = 8;
  while (p < t.length && !isWsCode(t.charCodeAt(p))) p++;
  if (p === t.length) return { loading: { path: t.slice(8) }, marks: '' };
  const rest = skipWs(t, p);
  if (rest < marksAt && rest !== t.length) return undefined;
  return { loading: { path: t.slice(8, p) }, marks: t.slice(rest) };
}

/** `%Error <verb> <url> (<cause>)` with marks after it (`%Error reading tftp://h/f (Timed out)!!`). */
function readCopyError(t: string): { error: CopyError; marks: string } | undefined {
  const m = /^%Error (\w+) (\S+) \(([^)]*)\)/.exec(t);
  if (!m) return undefined;
  const after = skipWs(t, m[0].length);
  if (after < t.length && !isMarks(t, after, t.length)) return undefined;
  return { error: { message: t.slice(0, m[0].length), verb: m[1]!, url: m[2]!, cause: m[3]! }, marks: t.slice(after) };
}

/** `Erasing device... eeee ...erased` (Class B): the e marks, and whether `erased` closed it. */
function readErasing(t: string): { marks: number; erased: boolean } | undefined {
  if (!t.startsWith('Erasing device.')) return undefined;
  let i = 14;
  while (i < t.length && t[i] === '.') i++;
  i = skipWs(t, i);
  const eStart = i;
  while (i < t.length && t[i] === 'e') i++;
  const marks = i - eStart;
  const gap = skipWs(t, i);
  const rest = t.slice(gap);
  if (rest === '') return { marks, erased: false };
  if (/^\.*erased$/.test(rest)) return { marks, erased: true };
  // `eeeerased`: the last e was the start of `erased`.
  if (gap === i && marks > 0 && rest === 'rased') return { marks: marks - 1, erased: true };
  return undefined;
}

/** `Verifying checksum...  vvvv OK (0x266E)`: the v marks and the result when printed. */
function readVerifying(t: string): { marks: number; result?: { word: string; value: string | undefined } } | undefined {
  if (!t.startsWith('Verifying') || (t.length > 9 && /\w/.test(t[9]!))) return undefined;
  // What follows the `...` holds no dot, so the `...` is the last one in the line.
  const dot = t.lastIndexOf('.');
  if (dot < 11 || !t.startsWith('...', dot - 2)) return undefined;
  let i = skipWs(t, dot + 1);
  const vStart = i;
  while (i < t.length && t[i] === 'v') i++;
  const marks = i - vStart;
  i = skipWs(t, i);
  const word = /^(OK|FAILED|failed)/.exec(t.slice(i, i + 6))?.[1];
  if (word) i = skipWs(t, i + word.length);
  const value = /^\((0x[0-9A-Fa-f]+)\)$/.exec(t.slice(i));
  if (value) i = t.length;
  if (i !== t.length) return undefined;
  return word ? { marks, result: { word, value: value?.[1] } } : { marks };
}

/** A question IOS printed (`Destination filename [x]?`, `… [confirm]`), echoed into the output. */
function isPrompt(t: string): boolean {
  // Ends with `?` and at most one more word; `[…]?` or `[confirm]` somewhere.
  const q = t.lastIndexOf('?');
  if (q < 0) return false;
  let i = skipWs(t, q + 1);
  while (i < t.length && !isWsCode(t.charCodeAt(i))) i++;
  if (i !== t.length) return false;
  if (t.includes('[confirm]')) return true;
  let open = false;
  for (let k = 0; k < t.length; k++) {
    if (t[k] === '[') open = true;
    else if (t[k] === ']') {
      if (open && t[k + 1] === '?') return true;
      open = false;
    }
  }
  return false;
}
