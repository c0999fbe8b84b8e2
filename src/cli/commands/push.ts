// `push`: copies a local image to a device with the bundled engine (or a named server): pre-flight
// report first, then the copy with a progress bar, then `verify /md5`, then (--set-boot) the boot
// image set and saved after a separate confirmation, then (--reload) the reload into it with its own
// confirmation and the proof of which image booted. Exit 0 only on success; 3 when the device came
// back on its fallback entry after --reload.
import { isProtocol, protocolList, protocolNames, TransferEngine } from '../../engine';
import { type Confirmation, type ExpectedDigest, gatherSnapshot, type ProtocolChoice, pushImage, readLocalImage, type SetBootPlan } from '../../jobs';
import type { CliCommand, ParsedArgs } from '../command';
import { openDeviceFromArgs } from '../device-login';
import { passwordHelp, passwordStdinOption } from '../device-password';
import { defaultEnginePorts, enginePortsSyntax, parseEnginePorts } from '../engine-ports';
import { jobServer } from '../job-server';
import type { CliIo } from '../io';
import { JobProgressPrinter } from '../job-progress';
import { reloadExitCode, reloadJson, runCliReload } from '../reload-run';
import { UsageError } from '../usage-error';
import { reloadTimeoutMs } from './reload';

export function parseProtocol(command: string, raw: unknown): ProtocolChoice {
  const p = raw === undefined ? 'tftp' : String(raw).toLowerCase();
  if (p !== 'auto' && !isProtocol(p)) throw new UsageError(`${command}: --protocol is ${protocolNames.join(', ')} or auto, not '${String(raw)}'`);
  return p;
}

/** `tftp|ftp|rcp`: the protocol names for a usage line. */
export function protocolNamesBar(): string {
  return `${protocolList().replace(/, | or /g, '|')}|auto`;
}

/** `tftp 69, ftp 21, …` */
export function defaultPortsText(): string {
  return Object.entries(defaultEnginePorts())
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
}

/** A checksum the user copied from Cisco's download page: it takes the place of a `.md5`/`.sha512` file. */
function expectedDigest(md5: unknown, sha512: unknown): ExpectedDigest | undefined {
  if (md5 !== undefined && sha512 !== undefined) throw new UsageError('push: give --md5 or --sha512, not both');
  if (md5 !== undefined) {
    if (!/^[0-9a-f]{32}$/i.test(String(md5))) throw new UsageError('push: --md5 takes 32 hex digits');
    return { algorithm: 'md5', value: String(md5).toLowerCase(), source: 'given with --md5' };
  }
  if (sha512 !== undefined) {
    if (!/^[0-9a-f]{128}$/i.test(String(sha512))) throw new UsageError('push: --sha512 takes 128 hex digits');
    return { algorithm: 'sha512', value: String(sha512).toLowerCase(), source: 'given with --sha512' };
  }
  return undefined;
}

async function runPush(args: ParsedArgs, io: CliIo): Promise<number> {
  const [url, localFile] = args.positionals;
  const protocol = parseProtocol('push', args.values.protocol);
  parseEnginePorts('push', args.values['engine-ports']); // usage errors before connecting
  const confirmations: Confirmation[] = [];
  if (args.values['yes-erase']) confirmations.push('erase-flash');
  if (args.values['yes-overwrite']) confirmations.push('overwrite');
  const blocksize = args.values['tftp-blocksize'] === undefined ? undefined : Number(args.values['tftp-blocksize']);
  if (blocksize !== undefined && (!Number.isInteger(blocksize) || blocksize < 512 || blocksize > 65464)) throw new UsageError('push: --tftp-blocksize takes 512–65464');
  const reloadMs = reloadTimeoutMs('push', args.values['reload-timeout']);
  const json = args.values.json === true;
  const setBoot = args.values['set-boot'] === true || args.values['yes-set-boot'] === true;
  if (setBoot && args.values['no-verify'] === true) throw new UsageError('push: --set-boot needs the copy verified; drop --no-verify');
  const reload = args.values.reload === true || args.values['yes-reload'] === true;
  if (reload && !setBoot) throw new UsageError('push: --reload reloads into the image set by --set-boot; add --set-boot');
  const printer = json ? undefined : new JobProgressPrinter(io);

  const expected = expectedDigest(args.values.md5, args.values.sha512);
  if (!json) io.stdout(`Reading ${localFile}…\n`);
  const local = await readLocalImage(localFile, expected ? { expected } : {});
  const login = await openDeviceFromArgs('push', url, args, io);
  if (!login) return 1;
  const engine = new TransferEngine({ log: () => undefined });
  const abort = new AbortController();
  const onStop = () => abort.abort();
  io.stopSignal.addEventListener('abort', onStop, { once: true });
  try {
    const snapshot = await gatherSnapshot(login.session, login.username);
    const server = jobServer('push', args, engine);
    if (protocol === 'auto' && server.kind === 'external') throw new UsageError('push: --protocol auto picks among the bundled engine\u2019s servers; name the protocol of the --server');
    const result = await pushImage(login.session, snapshot, {
      protocol,
      deviceHost: login.host,
      local,
      ...(typeof args.values.dest === 'string' ? { destination: args.values.dest } : {}),
      server,
      confirmations,
      ...(blocksize ? { tftpBlocksize: blocksize } : {}),
      verify: args.values['no-verify'] !== true,
      ...(setBoot ? { afterwards: { setBoot: true, confirmSetBoot: (plan: SetBootPlan) => confirmSetBoot(io, snapshot.hostname, plan, args.values['yes-set-boot'] === true, json, reload) } } : {}),
      reconnect: login.reconnect,
      ...(reloadMs !== undefined ? { reload: { timeoutMs: reloadMs } } : {}),
      signal: abort.signal,
      onEvent: (e) => printer?.handle(e),
    });
    const o = result.outcome;
    const pushed = o.status === 'succeeded' || o.status === 'skipped';
    const boot = pushed && o.afterwards?.setBoot === 'done' ? o.afterwards : undefined;
    const bootSet = boot !== undefined;
    if (reload && pushed && !bootSet) (json ? io.stderr : io.stdout)(`Not reloaded: the boot image of ${snapshot.hostname} was not set.\n`);
    if (!reload || !boot) {
      if (json) io.stdout(`${JSON.stringify({ device: snapshot.hostname, outcome: result.outcome, checks: result.checks }, null, 2)}\n`);
      return pushed ? 0 : 1;
    }
    // The copy is verified (verify /md5 gave the local MD5) and the boot variable names it: reload
    // into it on the session that is still open, or a new one after a Flash Load Helper copy.
    const session = login.session.isClosed ? await login.reconnect() : login.session;
    try {
      const now = await gatherSnapshot(session, login.username);
      const r = await runCliReload(session, now, {
        io,
        json,
        yesReload: args.values['yes-reload'] === true,
        reconnect: login.reconnect,
        signal: abort.signal,
        image: boot.target,
        expectedMd5: local.digests.md5,
        md5OnDevice: local.digests.md5,
        ...(args.values['save-config'] === true ? { saveConfig: true } : {}),
        ...(reloadMs !== undefined ? { timing: { timeoutMs: reloadMs } } : {}),
        ...(printer ? { printer } : {}),
      });
      if (json) io.stdout(`${JSON.stringify({ device: snapshot.hostname, outcome: result.outcome, checks: result.checks, reload: reloadJson(r) }, null, 2)}\n`);
      return reloadExitCode(r);
    } finally {
      if (session !== login.session) session.close();
    }
  } finally {
    io.stopSignal.removeEventListener('abort', onStop);
    login.session.close();
    await engine.close();
  }
}

/**
 * The separate confirmation of --set-boot: the exact commands are printed; a person at a terminal
 * is asked (unless --yes-set-boot); without a terminal, --set-boot itself was the confirmation.
 */
async function confirmSetBoot(io: CliIo, hostname: string, plan: SetBootPlan, preConfirmed: boolean, json: boolean, reload: boolean): Promise<boolean> {
  const commands = plan.commands.map((c) => `  ${c}`).join('\n');
  if (preConfirmed || json || !io.isTty || !io.ask) {
    (json ? io.stderr : io.stdout)(`Setting the boot image of ${hostname} to ${plan.target}; sending:\n${commands}\n`);
    return true;
  }
  io.stdout(`The copy is verified. To boot ${plan.target} next and save, these commands go to ${hostname}:\n${commands}\n`);
  const reloadNote = reload ? 'the reload is asked separately' : 'the device is not reloaded';
  if (plan.fallback) io.stdout(`(${plan.fallback} stays as the fallback entry; ${reloadNote}.)\n`);
  else if (plan.noFallbackBecause) io.stdout(`(No fallback entry: ${plan.noFallbackBecause}. ${reloadNote[0]!.toUpperCase()}${reloadNote.slice(1)}.)\n`);
  const answer = await io.ask(`Set ${plan.target} as the boot image of ${hostname} and save? [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}

export const pushCommand: CliCommand = {
  name: 'push',
  summary: 'copy a local image to a device, with pre-flight checks',
  usage: `push ssh://USER[:PASS]@HOST[:PORT] LOCALFILE [--protocol ${protocolNamesBar()}] [--dest FS:NAME] [--server HOST] [--engine-ports ${enginePortsSyntax}] [--yes-erase] [--reload-timeout S] [--md5 HEX|--sha512 HEX] [--set-boot [--yes-set-boot] [--reload [--yes-reload] [--save-config]]] [--json] [--known-hosts FILE] [--accept-new-host-key]`,
  details: [
    '',
    `  --protocol P          ${protocolList()} (default tftp), or auto: the fastest for this link by the`,
    '                        round trip to the device (the estimates are in the pre-flight report)',
    "  --dest FS:NAME        destination, default the device's default file system and the file's name",
    '  --server HOST         an external server that already has the file (the bundled engine is not used)',
    `  --engine-ports LIST   where the bundled servers listen, e.g. tftp=6969 (default ${defaultPortsText()})`,
    '  --bind ADDR           the address the device should connect to (default: the one facing it)',
    '  --tftp-blocksize N    set `ip tftp blocksize N` for this copy (restored afterwards)',
    '  --yes-erase           confirm a copy that erases flash (Class B / run-from-flash devices)',
    '  --reload-timeout S    how long to wait for a reloading device to answer again: run-from-flash',
    '                        devices (2500, 1600) reload twice through the Flash Load Helper (default',
    '                        15 min + the copy); after --reload, the reload into the new image (default 15 min)',
    '  --yes-overwrite       confirm overwriting a different file of the same name',
    "  --md5 HEX, --sha512 HEX  the image's published checksum (instead of a .md5/.sha512 file next to it)",
    '  --no-verify           skip `verify /md5` after the copy',
    '  --set-boot            after a verified copy: `boot system` the new image (the running one kept as',
    '                        fallback) and `write memory`; the commands are shown, and asked about on a terminal',
    '  --yes-set-boot        the same without asking',
    '  --reload              after --set-boot: reload into the new image (its own confirmation: the plan',
    '                        is printed and the hostname typed), wait for the device (same host key only)',
    '                        and report which image it booted; exit 3 when it came back on the fallback',
    '  --yes-reload          the same without typing the hostname (needed without a terminal)',
    '  --save-config         with --reload: if IOS says the configuration has unsaved changes, save it at',
    '                        its question (without it the reload stops there, nothing saved or lost)',
    '  --json                print the pre-flight checks and the outcome as JSON',
    '',
    'Without --yes-erase, a copy that would erase flash stops before touching the device.',
    'A run-from-flash device drops the SSH session during the copy; push reconnects (same host key only).',
    'The boot image is never changed when verify /md5 fails or cannot run.',
    ...passwordHelp,
  ],
  options: {
    protocol: { type: 'string' },
    dest: { type: 'string' },
    server: { type: 'string' },
    'engine-ports': { type: 'string' },
    bind: { type: 'string' },
    'tftp-blocksize': { type: 'string' },
    'yes-erase': { type: 'boolean' },
    'reload-timeout': { type: 'string' },
    'yes-overwrite': { type: 'boolean' },
    'no-verify': { type: 'boolean' },
    md5: { type: 'string' },
    sha512: { type: 'string' },
    'set-boot': { type: 'boolean' },
    'yes-set-boot': { type: 'boolean' },
    reload: { type: 'boolean' },
    'yes-reload': { type: 'boolean' },
    'save-config': { type: 'boolean' },
    json: { type: 'boolean' },
    'known-hosts': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
    ...passwordStdinOption,
  },
  positionals: { min: 2, max: 2 },
  run: runPush,
};
