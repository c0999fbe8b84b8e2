// The `copy` command a job sends and the rules that answer its questions. Every answer comes from
// the plan: the erase and overwrite questions are answered yes only when the user confirmed exactly
// that; anything else the device asks stops the job with the question shown.
import { confirmRule, type DialogueRule, enter, flhProceedPrompt, line, Refuse } from '../device';
import { type Protocol, protocolSpec } from '../engine';
import type { Confirmation } from './preflight/check';

export type TransferProtocol = Protocol;

export interface RemoteEndpoint {
  protocol: TransferProtocol;
  /** Address the device connects to (our engine, or an external server). */
  host: string;
  /** Where IOS can name a port in the URL (the registry's portInUrl): the port to name. */
  port?: number;
  /** Path on the server, e.g. `c2960x-universalk9-mz.152-7.E4.bin`. */
  path: string;
  /** FTP user/password, or the RCP remote user, when they go in the URL. */
  username?: string;
  password?: string;
}

/** The URL as IOS takes it, in the protocol's own form (the registry's url()). */
export function remoteUrl(r: RemoteEndpoint, opts: { redact?: boolean } = {}): string {
  return protocolSpec(r.protocol).url(r, opts);
}

export interface CopyToDevice {
  direction: 'to-device';
  source: RemoteEndpoint;
  /** `flash:`, `bootflash:`, `flash-1:` … */
  fileSystem: string;
  name: string;
}

export interface CopyFromDevice {
  direction: 'from-device';
  fileSystem: string;
  name: string;
  destination: RemoteEndpoint;
}

export type CopySpec = CopyToDevice | CopyFromDevice;

/**
 * Bytes one `!` in the device's copy output stands for: ten packets — TFTP blocks of the block size
 * in effect, 4 KiB buffers for FTP and RCP (as the lab draws them). With an external server the
 * marks are the only progress there is, so they must be read on the right scale.
 */
export function bytesPerMark(protocol: TransferProtocol, tftpBlocksize: number | undefined): number {
  return 10 * (protocol === 'tftp' ? (tftpBlocksize ?? 512) : 4096);
}

export function copyCommand(spec: CopySpec, opts: { redact?: boolean } = {}): string {
  return spec.direction === 'to-device'
    ? `copy ${remoteUrl(spec.source, opts)} ${spec.fileSystem}${spec.name}`
    : `copy ${spec.fileSystem}${spec.name} ${remoteUrl(spec.destination, opts)}`;
}

/** Answers `Question [default]?`: Enter when the default is what we want, else the value typed. */
function defaultOrType(name: string, prompt: RegExp, wanted: string): DialogueRule {
  return {
    name,
    prompt,
    answer: (ctx) => {
      const shown = ctx.match[1] ?? '';
      if (shown === wanted) return enter;
      if (ctx.count > 0) return new Refuse(`the device asked '${ctx.prompt.trim()}' again after '${wanted}' was given`);
      return line(wanted);
    },
    continue: true,
  };
}

/**
 * @param rcpUsername for RCP, the remote username the server expects: IOS proposes one in
 *   `Source/Destination username [x]?`; Enter keeps it when it is the expected one.
 */
export function copyRules(spec: CopySpec, confirmed: ReadonlySet<Confirmation>, rcpUsername?: string): DialogueRule[] {
  const remote = spec.direction === 'to-device' ? spec.source : spec.destination;
  const destinationName = spec.direction === 'to-device' ? spec.name : remote.path;
  const rcpRules = remote.protocol === 'rcp' && (remote.username ?? rcpUsername) ? [defaultOrType('rcp-username', /(?:Source|Destination) username \[([^\]\n]*)\]\? ?$/, (remote.username ?? rcpUsername)!)] : [];
  return [
    ...rcpRules,
    defaultOrType('remote-host', /Address or name of remote host \[([^\]\n]*)\]\? ?$/, remote.host),
    defaultOrType('source-filename', /Source filename \[([^\]\n]*)\]\? ?$/, spec.direction === 'to-device' ? remote.path : `${spec.fileSystem}${spec.name}`),
    defaultOrType('destination-filename', /Destination filename \[([^\]\n]*)\]\? ?$/, destinationName),
    // IOS-XR style FTP questions: the URL carries the credentials, so defaults are never guessed.
    defaultOrType('source-username', /Source username: ?\[([^\]\n]*)\]\? ?$/, remote.username ?? 'anonymous'),
    confirmRule('overwrite', /Do you want to over ?write\? ?\[confirm\] ?$/i, () =>
      confirmed.has('overwrite') || confirmed.has('delete-running-image') ? true : new Refuse('overwriting the existing file was not confirmed'),
    ),
    confirmRule('erase-flash', /Erase (?:\S+ )?(?:flash|\S+:) before copying\? ?\[confirm\] ?$/i, () =>
      confirmed.has('erase-flash') ? true : new Refuse('erasing flash before the copy was not confirmed'),
    ),
    confirmRule('erase-flash', /Erasing the flash filesystem will remove all files! Continue\? ?\[confirm\] ?$/i, () =>
      confirmed.has('erase-flash') ? true : new Refuse('erasing flash before the copy was not confirmed'),
    ),
    // Run-from-flash: the Flash Load Helper's notice ends in `Proceed? [confirm]`; yes reloads the
    // device into its boot ROM image, which erases flash — the same confirmation as the erase.
    confirmRule('flh-reload', flhProceedPrompt, () =>
      confirmed.has('erase-flash') ? true : new Refuse('reloading into the boot ROM image (Flash Load Helper), which erases flash, was not confirmed'),
    ),
    // `%Warning: File not a valid executable for this system` → `Abort Copy? [confirm]`: Enter aborts.
    confirmRule('abort-invalid-image', /Abort Copy\? ?\[confirm\] ?$/i, () => !confirmed.has('platform-mismatch')),
  ];
}
