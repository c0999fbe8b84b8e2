// Typed errors of the device layer. Each names the device, and where one was running the command and
// the output so far, and its message says what to do next (house style 19).

/** Every device-layer failure. `device` is the label the caller gave (default `user@host:port`). */
export class DeviceError extends Error {
  constructor(
    readonly code: string,
    readonly device: string,
    message: string,
    readonly command?: string,
    readonly output?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** TCP connect, handshake or transport failure before a session existed. */
export class ConnectError extends DeviceError {
  constructor(device: string, detail: string, options?: { cause?: unknown }) {
    super('E_CONNECT', device, `cannot connect to ${device}: ${detail}`, undefined, undefined, options);
  }
}

/** The device rejected every authentication method we offered. */
export class AuthenticationError extends DeviceError {
  constructor(device: string, readonly methods: string[], options?: { cause?: unknown }) {
    super(
      'E_AUTH',
      device,
      `authentication to ${device} failed (tried ${methods.join(', ') || 'nothing: give a password or a private key'}); check the user name, password or key`,
      undefined,
      undefined,
      options,
    );
  }
}

/** The device's host key is not in the known-hosts store and the caller did not accept it. */
export class HostKeyUnknownError extends DeviceError {
  constructor(
    device: string,
    readonly host: string,
    readonly port: number,
    readonly keyType: string,
    readonly fingerprint: string,
    hint = 'accept it only after comparing the fingerprint with `show crypto key mypubkey rsa` (or `show ip ssh`) on the console',
  ) {
    super('E_HOST_KEY_UNKNOWN', device, `host key of ${hostLabel(host, port)} is not known (${keyType} ${fingerprint}); ${hint}`);
  }
}

/**
 * The device presented a key other than the one on record: a re-keyed or replaced device, or someone
 * in the middle. Never accepted automatically; the user removes the old entry once they know why.
 */
export class HostKeyChangedError extends DeviceError {
  constructor(
    device: string,
    readonly host: string,
    readonly port: number,
    readonly oldFingerprints: string[],
    readonly newFingerprint: string,
    readonly keyType: string,
    where = 'the known-hosts store',
  ) {
    super(
      'E_HOST_KEY_CHANGED',
      device,
      `HOST KEY CHANGED for ${hostLabel(host, port)}: known ${oldFingerprints.join(', ')}, now offered ${keyType} ${newFingerprint}. ` +
        `Refusing to connect: this is either a re-keyed/replaced device or an attack. If you know the device was re-keyed, remove its entry from ${where} and connect again.`,
    );
  }
}

/** A command did not finish (no prompt came back) within its timeout. */
export class CommandTimeoutError extends DeviceError {
  /** `silence`: the device printed nothing for `timeoutMs` (a long copy's limit); `total`: the command's whole time. */
  constructor(device: string, command: string, readonly timeoutMs: number, output: string, readonly kind: 'total' | 'silence' = 'total') {
    super(
      'E_TIMEOUT',
      device,
      kind === 'silence'
        ? `${device}: '${command}' printed nothing for ${Math.round(timeoutMs / 1000)} s and gave no prompt back${tail(output)}`
        : `${device}: '${command}' gave no prompt back within ${timeoutMs} ms${tail(output)}`,
      command,
      output,
    );
  }
}

/** A reply longer than any real command prints: a device looping or feeding us output on purpose. */
export class ReplyTooLongError extends DeviceError {
  constructor(device: string, command: string, readonly limitChars: number, output: string) {
    super(
      'E_REPLY_TOO_LONG',
      device,
      `${device}: '${command}' printed more than ${Math.round(limitChars / 1024 / 1024)} MiB without giving the prompt back; stopped reading it (interrupted with Ctrl-C)${tail(output)}`,
      command,
      output,
    );
  }
}

/** The device asked something no rule answers: we never answer blindly. */
export class UnknownPromptError extends DeviceError {
  constructor(device: string, command: string, readonly prompt: string, output: string) {
    super(
      'E_UNKNOWN_PROMPT',
      device,
      `${device}: '${command}' stopped at a prompt no rule answers: "${prompt.trim()}" (add a dialogue rule for it, or run the command by hand)`,
      command,
      output,
    );
  }
}

/** A dialogue rule refused to answer a prompt (e.g. erase flash without the plan's confirmation). */
export class DialogueRefusedError extends DeviceError {
  constructor(device: string, command: string, readonly prompt: string, readonly reason: string, output: string) {
    super('E_REFUSED', device, `${device}: '${command}' asked "${prompt.trim()}" and it was refused: ${reason}`, command, output);
  }
}

/** The SSH connection went away while a command was running (or before it could start). */
export class ConnectionLostError extends DeviceError {
  constructor(device: string, command: string | undefined, output: string, options?: { cause?: unknown }) {
    super(
      'E_CONNECTION_LOST',
      device,
      command === undefined
        ? `${device}: the SSH connection was closed`
        : `${device}: the SSH connection dropped while '${command}' was running; check the device before retrying${tail(output)}`,
      command,
      output,
      options,
    );
  }
}

/** run() after close(), or on a session that was closed by an earlier failure. */
export class SessionClosedError extends DeviceError {
  constructor(device: string, command: string) {
    super('E_CLOSED', device, `${device}: cannot run '${command}': the session is closed; connect again`, command);
  }
}

/** The device sits in ROMMON / the boot loader: it is reported, never driven. */
export class RommonError extends DeviceError {
  constructor(device: string, readonly prompt: string, command?: string, output?: string) {
    super(
      'E_ROMMON',
      device,
      `${device} is in ROMMON / boot loader mode ("${prompt.trim()}"): boot it into IOS from the console first`,
      command,
      output,
    );
  }
}

/** `enable` did not reach privileged EXEC (wrong or missing secret). */
export class EnableError extends DeviceError {
  constructor(device: string, reason: string, output: string) {
    super('E_ENABLE', device, `${device}: enable failed: ${reason}`, 'enable', output);
  }
}

/** IOS rejected the command line itself (`% Invalid input detected`, `% Incomplete command`, …). */
export class CommandRejectedError extends DeviceError {
  constructor(device: string, command: string, readonly reason: string, output: string) {
    super('E_REJECTED', device, `${device}: '${command}' was rejected by the device: ${reason}`, command, output);
  }
}

/** The device's output after login did not end in anything that looks like an IOS prompt. */
export class PromptNotFoundError extends DeviceError {
  constructor(device: string, output: string) {
    super('E_NO_PROMPT', device, `${device}: no IOS prompt after login${tail(output)}`, undefined, output);
  }
}

function hostLabel(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The last line of output, for messages (the whole output stays on the error). */
function tail(output: string): string {
  const last = output.trimEnd().split('\n').pop()?.trim();
  return last ? ` (last output: "${last.slice(-120)}")` : '';
}
