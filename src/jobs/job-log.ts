// A job's log: every command sent and every line received, timestamped, with secrets redacted
// before they are stored — so the log can be shown, saved or attached to a ticket as it is.

export interface JobLogLine {
  at: number;
  kind: 'sent' | 'received' | 'note' | 'engine';
  text: string;
}

export class JobLog {
  private readonly secrets = new Set<string>();
  readonly lines: JobLogLine[] = [];

  constructor(private readonly onLine?: (line: JobLogLine) => void) {}

  /** Registers a secret: from now on it never reaches the log (nor does its URL-encoded form). */
  addSecret(secret: string | undefined): void {
    // Every configured secret, however short: a two-character password is still a password.
    if (!secret) return;
    this.secrets.add(secret);
    this.secrets.add(encodeURIComponent(secret));
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is hidden whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('*****');
    return out;
  }

  add(kind: JobLogLine['kind'], text: string): void {
    const line = { at: Date.now(), kind, text: this.redact(text) };
    this.lines.push(line);
    this.onLine?.(line);
  }

  text(): string {
    const mark = { sent: '>', received: '<', note: '#', engine: '=' } as const;
    return this.lines.map((l) => `${new Date(l.at).toISOString()} ${mark[l.kind]} ${l.text}`).join('\n');
  }
}
