// `reload`: "Reload into New Image" on its own, after the boot image was set (push --set-boot, or by
// hand): pre-checks, the reload's own confirmation (the hostname typed, or --yes-reload), `reload`,
// the wait (same host key only) and which image the device actually booted. Exit 0 when it booted
// the new image, 3 when it came back on its fallback entry (reported with the device's reason), 1
// otherwise, 2 for a usage error.
import { gatherSnapshot } from '../../jobs';
import type { CliCommand, ParsedArgs } from '../command';
import { openDeviceFromArgs } from '../device-login';
import { passwordHelp, passwordStdinOption } from '../device-password';
import type { CliIo } from '../io';
import { JobProgressPrinter } from '../job-progress';
import { reloadExitCode, reloadJson, runCliReload } from '../reload-run';
import { secondsOptionMs } from '../seconds-option';
import { UsageError } from '../usage-error';

/** `--reload-timeout S` in milliseconds (at least 10 s), shared with push and install. */
export function reloadTimeoutMs(command: string, raw: unknown): number | undefined {
  return secondsOptionMs(command, 'reload-timeout', raw, 10);
}

async function runReload(args: ParsedArgs, io: CliIo): Promise<number> {
  const [url] = args.positionals;
  const md5 = args.values.md5;
  if (md5 !== undefined && !/^[0-9a-f]{32}$/i.test(String(md5))) throw new UsageError('reload: --md5 takes 32 hex digits');
  const image = typeof args.values.image === 'string' ? args.values.image : undefined;
  if (image !== undefined && !/^[\w-]+:\S+$/.test(image)) throw new UsageError('reload: --image takes FS:NAME, e.g. flash:c2900-universalk9-mz.SPA.157-3.M9.bin');
  const timeoutMs = reloadTimeoutMs('reload', args.values['reload-timeout']);
  const json = args.values.json === true;
  const login = await openDeviceFromArgs('reload', url, args, io);
  if (!login) return 1;
  const abort = new AbortController();
  const onStop = () => abort.abort();
  io.stopSignal.addEventListener('abort', onStop, { once: true });
  try {
    const snapshot = await gatherSnapshot(login.session, login.username);
    const r = await runCliReload(login.session, snapshot, {
      io,
      json,
      yesReload: args.values['yes-reload'] === true,
      reconnect: login.reconnect,
      signal: abort.signal,
      ...(image ? { image } : {}),
      ...(md5 !== undefined ? { expectedMd5: String(md5).toLowerCase() } : {}),
      ...(args.values['save-config'] === true ? { saveConfig: true } : {}),
      ...(timeoutMs !== undefined ? { timing: { timeoutMs } } : {}),
      ...(json ? {} : { printer: new JobProgressPrinter(io) }),
    });
    if (json) io.stdout(`${JSON.stringify({ device: snapshot.hostname, ...reloadJson(r) }, null, 2)}\n`);
    return reloadExitCode(r);
  } finally {
    io.stopSignal.removeEventListener('abort', onStop);
    login.session.close();
  }
}

export const reloadCommand: CliCommand = {
  name: 'reload',
  summary: 'reload a device into the image its boot variable names first, and report which image it booted',
  usage: 'reload ssh://USER[:PASS]@HOST[:PORT] [--image FS:NAME] [--md5 HEX] [--save-config] [--yes-reload] [--reload-timeout S] [--json] [--known-hosts FILE] [--accept-new-host-key]',
  details: [
    '',
    '  --image FS:NAME       the image the device must come back on (default: the first boot entry);',
    '                        the reload is refused when the boot variable does not name it first',
    "  --md5 HEX             the image's published MD5: verify /md5 on the device must match it",
    '  --save-config         if IOS says the configuration has unsaved changes, answer yes to its Save?',
    '                        question (without it the job stops there: nothing saved, nothing reloaded)',
    '  --yes-reload          confirm the reload without typing the hostname (needed without a terminal)',
    '  --reload-timeout S    how long to wait for SSH to answer again (default 15 min)',
    '  --json                print the checks, the outcome and the booted image as JSON',
    '',
    'Pre-checks: the boot variable names the image first, it is on flash and verify /md5 reads it, a',
    'fallback entry follows it. After the reload the job reconnects (the same host key only) and reads',
    'show version: exit 0 when the new image booted; 3 when the device came back on its fallback entry',
    '(the outcome quotes its "System returned to ROM by" and "Last reload reason"); 1 otherwise.',
    ...passwordHelp,
  ],
  options: {
    image: { type: 'string' },
    md5: { type: 'string' },
    'save-config': { type: 'boolean' },
    'yes-reload': { type: 'boolean' },
    'reload-timeout': { type: 'string' },
    json: { type: 'boolean' },
    'known-hosts': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
    ...passwordStdinOption,
  },
  positionals: { min: 1, max: 1 },
  run: runReload,
};
