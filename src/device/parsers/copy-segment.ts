// The text of a `copy` output line since the last progress marks, with the facts that tell in O(1),
// when a mark character arrives, whether that text is one after which IOS prints marks
// (`Loading x from h (via Gi0/0): `, `Erasing device... `, `%Error … (…)`). Device text is untrusted:
// re-running patterns over a growing line at every mark character was cubic; here each character
// updates a few counters once, and the text itself is only joined when the segment ends.

/** What a segment can be, with the mark characters that may follow it on the same line. */
export interface MarkPrefix {
  name: 'loading-via' | 'loading' | 'copy-in-progress' | 'erasing' | 'verifying' | 'error' | 'empty';
  allowed: string;
}

const LOADING_VIA: MarkPrefix = { name: 'loading-via', allowed: '!.O' }; // `Loading p from h (via i): `
const LOADING: MarkPrefix = { name: 'loading', allowed: '!.O' }; // FTP/RCP: `Loading c2900.bin !!!!`
const COPY_IN_PROGRESS: MarkPrefix = { name: 'copy-in-progress', allowed: 'C' }; // `Copy in progress...`
const ERASING: MarkPrefix = { name: 'erasing', allowed: 'e' }; // `Erasing device... `
const VERIFYING: MarkPrefix = { name: 'verifying', allowed: 'vV' }; // `Verifying checksum... `
const ERROR: MarkPrefix = { name: 'error', allowed: '!.O' }; // `%Error reading tftp://h/f (Timed out)`
const EMPTY: MarkPrefix = { name: 'empty', allowed: '!' }; // a line that starts with `!` is progress

const HEAD = 20;
const WS = /\s/;
const WORD = /\w/;

/** `\s` for one UTF-16 code unit, without a regex for ASCII. */
export function isWsCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && WS.test(String.fromCharCode(c)));
}

/** The segment so far. `note` every character appended (in order); `take` the text when it ends. */
export class CopySegment {
  length = 0;
  private parts: string[] = [];
  private head = '';
  // The codes of the last five characters (k1 the last).
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;
  private k4 = 0;
  private k5 = 0;
  // `Loading <path> from <host> (via <iface>): ` — the last three whitespace positions, where the
  // last ` from ` ended, the last two ` (via ` whose host follows a ` from `, the last two `)`.
  private ws0 = -1;
  private ws1 = -1;
  private ws2 = -1;
  private fromEnd = -1;
  private viaLast = -1;
  private viaPrev = -1;
  private parenLast = -1;
  private parenPrev = -1;
  // `Loading <path> `: the first whitespace after `Loading `.
  private wsAfterLoading = -1;
  // `Erasing device....`: after the 14 characters, dots then at most one space.
  private erase: 'start' | 'dots' | 'space' | 'dead' = 'start';
  // `%Error <verb> <url> (<cause>)`: the first three whitespace positions, `)` counts.
  private ws2nd = -1;
  private ws3rd = -1;
  private wsCount = 0;
  private wsPlain = true;
  private parens = 0;
  private parensAtOpen = -1;

  /** Records the next character's facts, by its UTF-16 code (its text arrives through `add`). */
  note(c: number): void {
    const at = this.length++;
    if (at < HEAD) this.head += String.fromCharCode(c);
    if (isWsCode(c)) {
      // ` from` / ` (via` just before this space.
      if (c === 32 && this.k5 === 32 && this.k4 === 102 && this.k3 === 114 && this.k2 === 111 && this.k1 === 109) this.fromEnd = at;
      this.ws0 = this.ws1;
      this.ws1 = this.ws2;
      this.ws2 = at;
      if (c === 32 && this.k5 === 32 && this.k4 === 40 && this.k3 === 118 && this.k2 === 105 && this.k1 === 97) this.sawVia(at - 5);
      if (at >= 8 && this.wsAfterLoading < 0) this.wsAfterLoading = at;
      if (this.wsCount < 3) {
        this.wsCount++;
        if (c !== 32 || (this.wsCount === 1 && at !== 6)) this.wsPlain = false;
        if (this.wsCount === 2) this.ws2nd = at;
        if (this.wsCount === 3) this.ws3rd = at;
      }
    }
    if (c === 41) {
      this.parenPrev = this.parenLast;
      this.parenLast = at;
      this.parens++;
    }
    if (at === this.ws3rd + 1 && this.ws3rd >= 0) this.parensAtOpen = c === 40 ? this.parens : -2;
    if (at >= 14) this.erase = eraseStep(this.erase, c);
    this.k5 = this.k4;
    this.k4 = this.k3;
    this.k3 = this.k2;
    this.k2 = this.k1;
    this.k1 = c;
  }

  /** Appends text whose characters were given to `note`. */
  add(text: string): void {
    if (text !== '') this.parts.push(text);
  }

  /** The text, and a fresh segment. */
  take(): string {
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.length = 0;
    this.parts = [];
    this.head = '';
    this.k1 = this.k2 = this.k3 = this.k4 = this.k5 = 0;
    this.ws0 = this.ws1 = this.ws2 = this.fromEnd = this.viaLast = this.viaPrev = this.parenLast = this.parenPrev = this.wsAfterLoading = -1;
    this.erase = 'start';
    this.ws2nd = this.ws3rd = -1;
    this.wsCount = 0;
    this.wsPlain = true;
    this.parens = 0;
    this.parensAtOpen = -1;
    return text;
  }

  /** The prefix this segment is, if the mark character `ch` may follow it. */
  prefixFor(ch: string): MarkPrefix | undefined {
    const marks = ch === '!' || ch === '.' || ch === 'O';
    if (marks && this.isLoadingVia()) return LOADING_VIA;
    if (marks && this.isLoading()) return LOADING;
    if (ch === 'C' && this.length === 19 && this.head === 'Copy in progress...') return COPY_IN_PROGRESS;
    if (ch === 'e' && (this.erase === 'dots' || this.erase === 'space') && this.head.startsWith('Erasing device')) return ERASING;
    if ((ch === 'v' || ch === 'V') && this.isVerifying()) return VERIFYING;
    if (marks && this.isError()) return ERROR;
    if (ch === '!' && this.length === 0) return EMPTY;
    return undefined;
  }

  private loadingHead(): boolean {
    return this.head.startsWith('Loading ') && this.head.length > 8 && !isWsCode(this.head.charCodeAt(8));
  }

  // A ` (via ` at v counts when the word before it (the host) follows ` from `, after a path.
  private sawVia(v: number) {
    const w = this.ws0; // the whitespace before the host
    if (w + 1 < v && this.fromEnd === w && w - 5 >= 9 && this.loadingHead()) {
      this.viaPrev = this.viaLast;
      this.viaLast = v;
    }
  }

  private isLoadingVia(): boolean {
    // `):` or `): ` at the end.
    const f = this.k1 === 58 && this.k2 === 41 ? this.length - 2 : this.k1 === 32 && this.k2 === 58 && this.k3 === 41 ? this.length - 3 : -1;
    if (f < 0) return false;
    // The interface runs from the ` (via ` to this `)` without another `)`, and is not empty.
    const fits = (v: number) => v >= 0 && v > this.parenPrev && v + 6 < f;
    return fits(this.viaLast) || fits(this.viaPrev);
  }

  private isLoading(): boolean {
    return this.wsAfterLoading === this.length - 1 && this.wsAfterLoading > 8 && this.k1 === 32 && this.head.startsWith('Loading ');
  }

  private isVerifying(): boolean {
    if (this.length < 12 || !this.head.startsWith('Verifying') || WORD.test(this.head[9]!)) return false;
    // `...` or `... ` at the end.
    const dots = this.k1 === 32 ? this.k2 === 46 && this.k3 === 46 && this.k4 === 46 : this.k1 === 46 && this.k2 === 46 && this.k3 === 46;
    return dots;
  }

  private isError(): boolean {
    if (this.k1 !== 41 || !this.wsPlain || this.ws3rd < 0 || !this.head.startsWith('%Error ')) return false;
    // Two words between the three spaces, `(` after the third, and one `)` after it: this one.
    return this.ws2nd > 7 && this.ws3rd > this.ws2nd + 1 && this.parensAtOpen >= 0 && this.parens - this.parensAtOpen === 1;
  }
}

function eraseStep(state: 'start' | 'dots' | 'space' | 'dead', c: number): 'start' | 'dots' | 'space' | 'dead' {
  if (state === 'dead' || state === 'space') return 'dead';
  if (c === 46) return 'dots';
  if (c === 32 && state === 'dots') return 'space';
  return 'dead';
}
