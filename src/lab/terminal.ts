// The device side of an IOS vty: buffered typeahead, echo and line editing, single-key answers
// (`[confirm]`, `--More--`), and the pager that stops every `terminal length` lines.

const moreText = ' --More-- ';
const moreErase = '\b'.repeat(moreText.length) + ' '.repeat(moreText.length) + '\b'.repeat(moreText.length);

export class Terminal {
  /** Lines per page; 0 = no paging (`terminal length 0`). */
  length = 24;
  width = 80;
  private input = '';
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly sink: (text: string) => void,
    private readonly echo: boolean,
  ) {}

  /** Raw bytes from the client. */
  feed(data: string): void {
    // Drop cursor-key escape sequences: the lab keeps no history.
    // eslint-disable-next-line no-control-regex -- ESC is exactly what is matched
    this.input += data.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    this.notify();
  }

  close(): void {
    this.closed = true;
    this.notify();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** While a command's output is filtered by `| include` etc.: what it printed, unpaged. */
  private captured: string[] | undefined;

  /** Runs a command with its output collected instead of printed (for output modifiers); returns it. */
  async capture(run: () => Promise<void>): Promise<string> {
    const outer = this.captured;
    this.captured = [];
    try {
      await run();
      return this.captured.join('').replace(/\r\n/g, '\n');
    } finally {
      this.captured = outer;
    }
  }

  /** Writes text with IOS's CRLF line ends. */
  write(text: string): void {
    if (this.captured) this.captured.push(text);
    else if (!this.closed) this.sink(text.replace(/\r?\n/g, '\r\n'));
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private async waitInput(): Promise<boolean> {
    while (this.input.length === 0) {
      if (this.closed) return false;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return true;
  }

  /** Drops typeahead (IOS discards what was typed while a copy ran into a prompt it did not ask). */
  private swallowLineEnd(): void {
    if (this.input[0] === '\n' || this.input[0] === '\r') this.input = this.input.slice(1);
    if (this.input[0] === '\n') this.input = this.input.slice(1);
  }

  /** Whether the last readLine ended with Ctrl-C (IOS: abort the question, not take its default). */
  private interrupted = false;

  /** One line, echoed as typed; Ctrl-Z returns '\x1a'. Resolves null when the session closes. */
  async readLine(hidden = false): Promise<string | null> {
    let line = '';
    this.interrupted = false;
    for (;;) {
      if (!(await this.waitInput())) return null;
      const ch = this.input[0];
      this.input = this.input.slice(1);
      if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && this.input[0] === '\n') this.input = this.input.slice(1);
        else if (ch === '\r' && this.input[0] === '\0') this.input = this.input.slice(1);
        if (this.echo) this.write('\n');
        return line;
      }
      if (ch === '\x1a') {
        if (this.echo) this.write('^Z\n');
        return '\x1a';
      }
      if (ch === '\x7f' || ch === '\b') {
        if (line.length) {
          line = line.slice(0, -1);
          if (this.echo && !hidden) this.write('\b \b');
        }
        continue;
      }
      if (ch === '\x15') {
        if (this.echo && !hidden) this.write('\b \b'.repeat(line.length));
        line = '';
        continue;
      }
      if (ch === '\x03') {
        if (this.echo) this.write('\n');
        this.interrupted = true;
        return '';
      }
      if (ch < ' ' && ch !== '\t') continue;
      line += ch;
      if (this.echo && !hidden) this.write(ch);
    }
  }

  /** One keystroke; a CR+LF pair counts as one key. */
  async readKey(): Promise<string | null> {
    if (!(await this.waitInput())) return null;
    const ch = this.input[0];
    this.input = this.input.slice(1);
    if (ch === '\r' && (this.input[0] === '\n' || this.input[0] === '\0')) this.input = this.input.slice(1);
    return ch;
  }

  /**
   * `[confirm]`: Enter or `y` confirm, anything else declines (IOS). A line end typed right after
   * `y`/`n` is swallowed so that `y\n` does not also answer the next question.
   */
  async confirm(prompt: string): Promise<boolean | null> {
    this.write(prompt);
    const key = await this.readKey();
    if (key === null) return null;
    // Ctrl-C aborts the whole command (null, as for a closed session), where 'n' only declines.
    if (key === '\x03') {
      if (this.echo) this.write('\n');
      return null;
    }
    const yes = key === '\r' || key === '\n' || key === 'y' || key === 'Y';
    if (key !== '\r' && key !== '\n') this.swallowLineEnd();
    if (this.echo) this.write(yes && (key === '\r' || key === '\n') ? '\n' : `${key}\n`);
    return yes;
  }

  /** A question with a default in brackets; an empty answer takes the default; Ctrl-C aborts (null). */
  async ask(prompt: string, defaultValue = ''): Promise<string | null> {
    this.write(prompt);
    const line = await this.readLine();
    if (line === null || this.interrupted) return null;
    return line.trim() === '' ? defaultValue : line.trim();
  }

  /** Prints command output page by page while `terminal length` is not 0. */
  async page(text: string): Promise<void> {
    if (this.captured) {
      this.captured.push(text);
      return;
    }
    const lines = text.split('\n');
    const trailing = lines.length > 0 && lines[lines.length - 1] === '';
    if (trailing) lines.pop();
    if (this.length === 0 || lines.length < this.length) {
      this.write(text);
      return;
    }
    let shown = 0;
    let budget = this.length - 1;
    while (shown < lines.length) {
      const n = Math.min(budget, lines.length - shown);
      this.write(lines.slice(shown, shown + n).join('\n') + (shown + n < lines.length || trailing ? '\n' : ''));
      shown += n;
      if (shown >= lines.length) return;
      this.write(moreText);
      const key = await this.readKey();
      this.write(moreErase);
      if (key === ' ') budget = this.length - 1;
      else if (key === '\r' || key === '\n') budget = 1;
      else return;
    }
  }
}
