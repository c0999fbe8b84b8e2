// `install`: upgrades an IOS-XE device in install mode — pre-flight report, the image copied and
// verified (or handed to `install add file <url>` with --direct), the reload confirmed (a typed host
// name, or --yes-reload), `install add` / `install activate auto-abort-timer N`, the wait for the
// device, the health check, and only then `install commit`. Exit 0 only when the new version is
// committed and healthy; 3 when the device rolled itself back; 1 otherwise.
import { isProtocol, type Protocol, TransferEngine } from '../../engine';
import { autoAbortRange, type Confirmation, type InstallJobEvent, installImage, readLocalImage, type ReloadSummary } from '../../jobs';
import type { CliCommand, ParsedArgs } from '../command';
import { openDeviceFromArgs } from '../device-login';
import { passwordHelp, passwordStdinOption } from '../device-password';
import { enginePortsSyntax, parseEnginePorts } from '../engine-ports';
import type { CliIo } from '../io';
import { JobProgressPrinter, renderChecks } from '../job-progress';
import { jobServer } from '../job-server';
import { secondsOptionMs } from '../seconds-option';
import { confirmByHostname } from '../typed-hostname';
import { UsageError } from '../usage-error';

const protocols = ['tftp', 'ftp', 'http'] as const;

function parseInstallProtocol(raw: unknown): Protocol {
  const p = raw === undefined ? 'tftp' : String(raw).toLowerCase();
  if (!(protocols as readonly string[]).includes(p) || !isProtocol(p)) throw new UsageError(`install: --protocol is ${protocols.join(', ')}, not '${String(raw)}'`);
  return p;
}

/** The reload, shown in full; asked on a terminal as a typed host name, unless --yes-reload. */
export function renderReload(r: ReloadSummary): string {
  return [
    `The install RELOADS ${r.hostname}: ${r.from ?? '?'} → ${r.to ?? '?'}`,
    `  members that reload: ${r.members.join(', ')}`,
    `  expected outage: ${r.outage}`,
    `  safety net: ${r.safetyNet}`,
    '  commands:',
    ...r.commands.map((c) => `    ${c}`),
    '',
  ].join('\n');
}

function confirmReload(io: CliIo, r: ReloadSummary, preConfirmed: boolean, json: boolean): Promise<boolean> {
  return confirmByHostname(io, {
    hostname: r.hostname,
    text: renderReload(r),
    preConfirmed,
    json,
    // JSON output is for programs: the reload is confirmed by --yes-reload there, never asked.
    mayAsk: !json,
    question: `Type the host name (${r.hostname}) to install and reload it: `,
    refusal: `Not confirmed: run again with --yes-reload to reload ${r.hostname}.\n`,
  });
}

/** Human lines for the install's events (the copy's own events go to push's printer). */
class InstallPrinter {
  private readonly copy: JobProgressPrinter;
  private microcode = false;
  constructor(private readonly io: CliIo) {
    this.copy = new JobProgressPrinter(io, '  ');
  }
  readonly handle = (e: InstallJobEvent): void => {
    const out = (t: string) => this.io.stdout(`${t}\n`);
    switch (e.type) {
      case 'stage':
        if (e.stage !== 'done' && e.stage !== 'preflight') out(`${e.stage}…`);
        break;
      case 'checks':
        this.io.stdout(renderChecks(e.checks));
        break;
      case 'copy':
        if (e.event.type !== 'outcome') this.copy.handle(e.event);
        break;
      case 'install': {
        const i = e.event;
        if (i.type === 'microcode') {
          if (this.microcode) break;
          this.microcode = true;
        }
        if (i.type === 'question' || i.type === 'answered' || i.type === 'started') break;
        out(`  ${i.line.trim()}`);
        break;
      }
      case 'waiting':
        out(`  waiting for ${e.what}: ${e.elapsedSeconds} s`);
        break;
      case 'health':
        out(`Health check: ${e.health.healthy ? 'healthy' : 'NOT HEALTHY'}`);
        for (const f of e.health.facts) out(`  [${f.ok ? 'ok     ' : 'PROBLEM'}] ${f.text}`);
        break;
      case 'log':
        break;
      case 'outcome':
        out(`${e.outcome.status.toUpperCase()}: ${e.outcome.message}`);
        if (e.outcome.status === 'blocked') this.io.stdout(renderChecks(e.outcome.checks));
        break;
    }
  };
}

async function runInstall(args: ParsedArgs, io: CliIo): Promise<number> {
  const [url, localFile] = args.positionals;
  const protocol = parseInstallProtocol(args.values.protocol);
  parseEnginePorts('install', args.values['engine-ports']);
  const minutes = args.values['auto-abort'] === undefined ? autoAbortRange.default : Number(args.values['auto-abort']);
  if (!Number.isInteger(minutes) || minutes < autoAbortRange.min || minutes > autoAbortRange.max) throw new UsageError(`install: --auto-abort takes whole minutes, ${autoAbortRange.min}–${autoAbortRange.max} (what IOS accepts)`);
  const oneShot = args.values['one-shot'] === true;
  if (oneShot && args.values['auto-abort'] !== undefined) throw new UsageError('install: --one-shot commits at once and has no auto-abort timer; drop --auto-abort');
  const reloadTimeoutMs = secondsOptionMs('install', 'reload-timeout', args.values['reload-timeout'], 10);
  const rollbackWaitMs = secondsOptionMs('install', 'rollback-wait', args.values['rollback-wait'], 1);
  const json = args.values.json === true;
  const confirmations: Confirmation[] = args.values['yes-remove-inactive'] === true ? ['remove-inactive'] : [];
  const printer = json ? undefined : new InstallPrinter(io);
  const onEvent = (e: InstallJobEvent) => (json ? io.stdout(`${JSON.stringify(e)}\n`) : printer!.handle(e));

  if (!json) io.stdout(`Reading ${localFile}…\n`);
  const local = await readLocalImage(localFile);
  const login = await openDeviceFromArgs('install', url, args, io);
  if (!login) return 1;
  const engine = new TransferEngine({ log: () => undefined });
  const abort = new AbortController();
  const onStop = () => abort.abort();
  io.stopSignal.addEventListener('abort', onStop, { once: true });
  try {
    const server = jobServer('install', args, engine);
    if (server.kind !== 'engine') throw new UsageError('install: the image comes from the bundled engine');
    const result = await installImage(login.session, {
      local,
      server,
      protocol,
      transfer: args.values.direct === true ? 'direct' : 'copy',
      oneShot,
      autoAbortMinutes: minutes,
      confirmations,
      confirmReload: (r) => confirmReload(io, r, args.values['yes-reload'] === true, json),
      reconnect: login.reconnect,
      loginUser: login.username,
      deviceHost: login.host,
      ...(reloadTimeoutMs !== undefined ? { reloadTimeoutMs } : {}),
      ...(rollbackWaitMs !== undefined ? { rollbackWaitMs } : {}),
      signal: abort.signal,
      onEvent,
    });
    const status = result.outcome.status;
    return status === 'committed' ? 0 : status === 'rolled-back' ? 3 : 1;
  } finally {
    io.stopSignal.removeEventListener('abort', onStop);
    login.session.close();
    await engine.close();
  }
}

export const installCommand: CliCommand = {
  name: 'install',
  summary: 'upgrade IOS-XE in install mode: add, activate with an auto-abort timer, check health, commit',
  usage: `install ssh://USER[:PASS]@HOST[:PORT] IMAGE [--protocol tftp|ftp|http] [--direct] [--one-shot] [--auto-abort MINUTES] [--yes-reload] [--yes-remove-inactive] [--reload-timeout S] [--engine-ports ${enginePortsSyntax}] [--json] [--known-hosts FILE] [--accept-new-host-key]`,
  details: [
    '',
    '  --protocol P          tftp (default), ftp or http: how the device fetches the image from the bundled engine',
    '  --direct              hand the engine URL to `install add file <url>` instead of copying the image',
    '                        to flash first (the default copies it and checks it with `verify /md5`)',
    '  --one-shot            `install add file X activate commit` in one command: commits at once, no',
    '                        auto-abort safety net (always used to convert a device from bundle mode)',
    `  --auto-abort MINUTES  the rollback timer of \`install activate\` (${autoAbortRange.min}–${autoAbortRange.max}, default ${autoAbortRange.default})`,
    '  --yes-reload          confirm the reload without typing the host name (needed without a terminal)',
    '  --yes-remove-inactive when space is short, let `install remove inactive` delete the files it lists',
    '  --reload-timeout S    how long to wait for the device to come back (default 45 min)',
    '  --rollback-wait S     after a failed health check: how long to wait for the rollback (default: the',
    '                        timer left plus the reload timeout)',
    `  --engine-ports LIST   where the bundled servers listen, e.g. tftp=6969`,
    '  --bind ADDR           the address the device should connect to (default: the one facing it)',
    '  --json                one JSON object per event, the last one the outcome',
    '',
    'The steps: read the state (install or bundle mode, `show install summary`, free space); pre-flight;',
    '`write memory` (bundle mode: `no boot system`, `boot system flash:packages.conf`, `write memory`, then',
    'the one-shot form); the copy; `install add file`; `install activate auto-abort-timer N`; the reload;',
    'reconnect (same host key only); health check (new version, every stack member back, activated and',
    'uncommitted); `install commit`. A device that is not healthy is not committed: it rolls itself back',
    'when the timer expires, and the job reports that.',
    'Exit status: 0 committed and healthy; 3 rolled back; 1 otherwise.',
    ...passwordHelp,
  ],
  options: {
    protocol: { type: 'string' },
    direct: { type: 'boolean' },
    'one-shot': { type: 'boolean' },
    'auto-abort': { type: 'string' },
    'yes-reload': { type: 'boolean' },
    'yes-remove-inactive': { type: 'boolean' },
    'reload-timeout': { type: 'string' },
    'rollback-wait': { type: 'string' },
    'engine-ports': { type: 'string' },
    bind: { type: 'string' },
    json: { type: 'boolean' },
    'known-hosts': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
    ...passwordStdinOption,
  },
  positionals: { min: 2, max: 2 },
  run: runInstall,
};
