// Pure framing of the rsh request (RFC 1282 §"rsh", BSD rshd(8)) and of the rcp source/sink control
// records the lab's RCP client exchanges: `C<mode> <size> <name>\n`, `T…` times, `\1`/`\2` messages.

/** The rsh request: stderr port ("0": no second connection), client user, server user, command. */
export function encodeRshRequest(localUser: string, remoteUser: string, command: string): Buffer {
  for (const [what, value] of [
    ['local user', localUser],
    ['remote user', remoteUser],
    ['command', command],
  ] as const) {
    if (value.includes('\0')) throw new RangeError(`rsh ${what} contains a NUL byte`);
  }
  return Buffer.from(`0\0${localUser}\0${remoteUser}\0${command}\0`, 'utf8');
}

/** The remote command for one file: `-f` makes the server the source, `-t` the sink. */
export function rcpCommand(direction: 'download' | 'upload', file: string): string {
  // The shell on the server parses the command: quote the path so spaces or `;` stay part of it.
  return `rcp ${direction === 'download' ? '-f' : '-t'} ${shellQuote(file)}`;
}

function shellQuote(file: string): string {
  return /^[\w./:@%+,-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`;
}

export function encodeFileRecord(mode: number, sizeBytes: number, name: string): Buffer {
  if (/[\n/]/.test(name)) throw new RangeError(`rcp file name '${name}' contains a newline or slash`);
  return Buffer.from(`C${(mode & 0o7777).toString(8).padStart(4, '0')} ${sizeBytes} ${name}\n`, 'utf8');
}

export type ControlRecord =
  | { type: 'file'; mode: number; sizeBytes: number; name: string }
  | { type: 'times'; mtimeSec: number; atimeSec: number }
  | { type: 'directory'; name: string }
  | { type: 'end-directory' }
  /** `\1` (warning) or `\2` (fatal) followed by the server's complaint. */
  | { type: 'message'; fatal: boolean; text: string }
  | { type: 'invalid'; text: string };

/** Decodes one control line (without its `\n`). Total: anything unexpected is 'invalid'. */
export function decodeControlRecord(line: Buffer): ControlRecord {
  const first = line[0];
  const text = line.subarray(1).toString('utf8');
  if (first === 1 || first === 2) return { type: 'message', fatal: first === 2, text };
  const whole = line.toString('utf8');
  const file = /^([CD])([0-7]{4}) (\d+) (.+)$/.exec(whole);
  if (file) {
    if (file[1] === 'D') return { type: 'directory', name: file[4] };
    const sizeBytes = Number(file[3]);
    if (!Number.isSafeInteger(sizeBytes)) return { type: 'invalid', text: whole };
    return { type: 'file', mode: parseInt(file[2], 8), sizeBytes, name: file[4] };
  }
  const times = /^T(\d{1,20}) \d+ (\d{1,20}) \d+$/.exec(whole);
  if (times) return { type: 'times', mtimeSec: Number(times[1]), atimeSec: Number(times[2]) };
  if (whole === 'E') return { type: 'end-directory' };
  return { type: 'invalid', text: whole };
}

/** Longest control line we accept: a mode, a 20-digit size and a file name of up to 1024 bytes. */
export const maxControlLineBytes = 1100;
