// The output of `copy` as it streams: progress marks (`!` 10 packets, `.` timeout, `O` out of order,
// `e` erasing, `v` verifying, `C` local copy), `Accessing`/`Loading` lines, `[OK - N bytes]`,
// `N bytes copied in S secs (R bytes/sec)` and `%Error <verb> <url> (<cause>)`. Unsolicited syslog and
// AutoInstall lines can land in the middle of a `!!!!` line; they are kept apart, never miscounted.
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
  succeeded: boolean;
}

const MARK_CHARS = '!.OeEvVC';
const MAX_SEGMENT = 16_384;
// A wrapped continuation of a progress line: nothing but marks.
const PURE_MARKS = /^[!.OeEvVC]+$/;
const SYSLOG_THEN_MARKS = /^([*.]?.*?%[A-Z0-9_]+-\d-[A-Z0-9_]+: .*?[^!])(!+)$/;

// A segment that is followed by marks on the same line, and which marks may follow it.
const PREFIXES: { re: RegExp; allowed: string }[] = [
  { re: /^Loading \S.*? from \S+ \(via [^)]+\): ?$/, allowed: '!.O' },
  { re: /^Loading \S+ $/, allowed: '!.O' }, // FTP/RCP: `Loading c2900.bin !!!!`
  { re: /^Copy in progress\.\.\.$/, allowed: 'C' },
  { re: /^Erasing device\.+ ?$/, allowed: 'e' },
  { re: /^Verifying\b.*\.\.\. ?$/, allowed: 'vV' },
  { re: /^%Error \S+ \S+ \([^)]*\)$/, allowed: '!.O' },
  { re: /^$/, allowed: '!' }, // a line that starts with `!` is progress (never text)
];

/** Follows a `copy` as its output arrives in arbitrary chunks. Pure: no I/O, no timers. */
export class CopyProgressTracker {
  private segment = '';
  private allowed: string | undefined;
  private lastVerify = false;
  private pending: CopyError | undefined;
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

  /** Feeds the next chunk of output; returns the state so far. */
  push(chunk: string): CopyOutput {
    for (const ch of chunk) {
      if (ch === '\r') continue;
      if (ch === '\n') {
        this.endSegment();
        this.allowed = undefined;
        continue;
      }
      if (this.allowed !== undefined) {
        if (this.allowed.includes(ch)) {
          this.count(ch);
          continue;
        }
        this.allowed = undefined;
      } else if (MARK_CHARS.includes(ch)) {
        const p = PREFIXES.find((x) => x.allowed.includes(ch) && x.re.test(this.segment));
        if (p) {
          this.classify(this.segment);
          this.segment = '';
          this.allowed = p.allowed;
          this.count(ch);
          continue;
        }
      }
      this.segment += ch;
      if (this.segment.length > MAX_SEGMENT) this.endSegment();
    }
    return this.snapshot();
  }

  /** The state so far (a copy; safe to keep). */
  snapshot(): CopyOutput {
    const out: CopyOutput = { ...this.s, marks: { ...this.s.marks }, errors: [...this.s.errors], warnings: [...this.s.warnings], prompts: [...this.s.prompts], other: [...this.s.other] };
    if (this.pending) {
      out.error = this.pending;
      out.phase = 'failed';
    }
    out.succeeded = !this.pending && (out.copiedBytes !== undefined || out.okBytes !== undefined) && out.checksum?.ok !== false;
    return out;
  }

  /**
   * The output is complete: returns the final state. Throws ParseError when it ends before IOS said
   * how the copy went (no `bytes copied`, no `[OK - …]`, no error) — a truncated capture.
   */
  finish(): CopyOutput {
    this.endSegment();
    this.allowed = undefined;
    const out = this.snapshot();
    if (!out.error && out.copiedBytes === undefined && out.okBytes === undefined) {
      const last = this.s.other[this.s.other.length - 1] ?? '';
      throw new ParseError('copy', 'the output ends without "N bytes copied", "[OK - N bytes]" or an %Error line (truncated?)', last);
    }
    if (out.phase !== 'failed') out.phase = 'done';
    return out;
  }

  private count(ch: string) {
    const mark = (ch === 'V' ? 'v' : ch === 'E' ? 'e' : ch) as ProgressMark;
    this.s.marks[mark]++;
    if (mark === 'e') this.s.phase = 'erasing';
    else if (mark === 'v') this.s.phase = 'verifying';
  }

  private endSegment() {
    const text = this.segment;
    this.segment = '';
    if (text.trim() !== '') this.classify(text);
  }

  private classify(raw: string) {
    const t = raw.trim();
    const s = this.s;
    let m: RegExpExecArray | null;
    if (t === '') return;
    if (PURE_MARKS.test(t)) {
      for (const ch of t) this.count(ch);
      return;
    }
    if ((m = /^Accessing (\S+?)\.\.\.$/.exec(t))) {
      s.accessing = m[1]!;
      return;
    }
    if ((m = /^Loading (\S.*?) from (\S+) \(via ([^)]+)\):\s*([!.O]*)$/.exec(t))) {
      s.loading = { path: m[1]!, host: m[2]!, via: m[3]! };
      s.phase = 'loading';
      for (const ch of m[4]!) this.count(ch);
      return;
    }
    if ((m = /^Loading (\S+)\s*([!.O]*)$/.exec(t))) {
      s.loading = { path: m[1]! };
      s.phase = 'loading';
      for (const ch of m[2]!) this.count(ch);
      return;
    }
    if ((m = /^Copy in progress\.\.\.(C*)$/.exec(t))) {
      s.phase = 'copying';
      for (const ch of m[1]!) this.count(ch);
      return;
    }
    if ((m = /^\[OK - (\d+)(?:\/(\d+))? bytes\]$/.exec(t))) {
      s.okBytes = Number(m[1]);
      return;
    }
    if ((m = /^(\d+) bytes copied in ([\d.]+) secs?(?: \((\d+) bytes\/sec\))?$/.exec(t))) {
      s.copiedBytes = Number(m[1]);
      s.seconds = Number(m[2]);
      if (m[3]) s.bytesPerSecond = Number(m[3]);
      s.phase = 'done';
      // The copy finished: any %Error before this line was unsolicited, not this copy's.
      this.pending = undefined;
      return;
    }
    if ((m = /^Flash copy took (\d+):(\d{2}):(\d{2}) \[hh:mm:ss\]$/.exec(t))) {
      s.seconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
      return;
    }
    if ((m = /^%Error (\w+) (\S+) \(([^)]*)\)\s*([!.O]*)$/.exec(t))) {
      this.error({ message: t.replace(/[!.O]*$/, '').trimEnd(), verb: m[1]!, url: m[2]!, cause: m[3]! });
      for (const ch of m[4]!) this.count(ch);
      return;
    }
    if (/^%Error\b/i.test(t) || /^ERR: /.test(t) || /^%\s*Invalid input detected/.test(t) || /^%dev_open:/.test(t)) {
      this.error({ message: t });
      return;
    }
    if ((m = /^(\S+): (No such file or directory|Permission denied|Not enough space on device)$/.exec(t))) {
      this.error({ message: t, url: m[1]!, cause: m[2]! });
      return;
    }
    if (/^\[timed out\]$/i.test(t)) {
      s.timedOut = true;
      return;
    }
    if (/^Erase of \S+ complete$/.test(t) || /^\.*erased$/.test(t)) {
      s.erased = true;
      return;
    }
    if ((m = /^Erasing device\.+\s*(e*)\s*(\.*erased)?$/.exec(t))) {
      s.phase = 'erasing';
      for (const ch of m[1]!) this.count(ch);
      if (m[2]) s.erased = true;
      return;
    }
    if ((m = /^Verifying\b.*?\.\.\.\s*(v*)\s*(OK|FAILED|failed)?\s*(?:\((0x[0-9A-Fa-f]+)\))?$/.exec(t))) {
      s.phase = 'verifying';
      this.lastVerify = true;
      for (const ch of m[1]!) this.count(ch);
      if (m[2]) this.checksum(m[2], m[3]);
      return;
    }
    if (this.lastVerify && (m = /^(OK|FAILED|failed)\s*(?:\((0x[0-9A-Fa-f]+)\))?$/.exec(t))) {
      this.checksum(m[1]!, m[2]);
      return;
    }
    if ((m = /^%Warning:?\s*(.*)$/.exec(t))) {
      s.warnings.push(t);
      return;
    }
    if (/\?\s*\S*$/.test(t) && /\[[^\]]*\]\?|\? *\[confirm\]|\[confirm\]/.test(t)) {
      s.prompts.push(t);
      return;
    }
    // A syslog message (`*Mar  1 00:10:12.345: %LINK-3-UPDOWN: …`) printed in the middle of the
    // progress line: the `!` run after its text is the progress continuing, not part of the message.
    if ((m = SYSLOG_THEN_MARKS.exec(t))) {
      s.other.push(m[1]!);
      for (const ch of m[2]!) this.count(ch);
      return;
    }
    s.other.push(t);
  }

  private checksum(word: string, value: string | undefined) {
    this.s.checksum = value ? { ok: word === 'OK', value } : { ok: word === 'OK' };
    this.lastVerify = false;
  }

  private error(e: CopyError) {
    this.s.errors.push(e);
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
