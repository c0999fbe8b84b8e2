// `lab`: starts simulated IOS devices on 127.0.0.1 (one per built-in profile unless --profile is
// given), prints one `ssh://` URL per device, and runs until SIGINT/SIGTERM. Host keys are kept in a
// state folder so that a restarted lab is the same host to known_hosts.
import path from 'node:path';
import { allProtocols } from '../../engine';
import { builtinProfiles, defaultLabStateDir, LabStateError, loadProfile, ProfileError, startLab, type Profile } from '../../lab';
import type { CliCommand, ParsedArgs } from '../command';
import { UsageError } from '../usage-error';

/** Protocols whose port IOS cannot name: the lab is told which loopback port stands for each. */
const mappedProtocols = () => allProtocols().filter((p) => !p.portInUrl);

function port(values: ParsedArgs['values'], flag: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`lab: --${flag} takes a port number 0–65535, not '${String(raw)}'`);
  return n;
}

/** A number flag from 0 to `max`, or undefined when absent. */
function bounded(values: ParsedArgs['values'], flag: string, max: number): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > max) throw new UsageError(`lab: --${flag} takes 0–${max}, not '${String(raw)}'`);
  return n;
}

export const labCommand: CliCommand = {
  name: 'lab',
  summary: 'start simulated IOS devices on 127.0.0.1 to try everything without hardware',
  usage: `lab [--profile NAME|FILE]... [--port N] ${mappedProtocols()
    .map((p) => `[--${p.name}-port N]`)
    .join(' ')} [--legacy-ssh] [--state-dir DIR] [--reload-seconds S] [--minute-seconds S] [--install-step-ms MS]`,
  details: [
    '',
    'Options:',
    `  --profile NAME|FILE  a built-in profile (${builtinProfiles.map((p) => p.name).join(', ')})`,
    '                       or a JSON profile file; repeat for several devices (default: one of each)',
    '  --port N             SSH port of the first device, the next ones follow (default 0: any free port)',
    ...mappedProtocols().map((p) => `  --${`${p.name}-port N`.padEnd(19)}the loopback port the devices use for ${p.title} (stands for ${p.wellKnownPort})`),
    '  --legacy-ssh         every device offers only legacy SSH (diffie-hellman-group14-sha1, ssh-rsa,',
    '                       aes128-cbc, hmac-sha1); otherwise each offers what its IOS release does',
    '  --state-dir DIR      where device host keys are kept across restarts',
    '                       (default $XDG_STATE_HOME/ios-image-manager/lab or ~/.local/state/ios-image-manager/lab)',
    '  --reload-seconds S   how long a device takes to reload (the 2500 reloads twice for a copy); default 5',
    '  --minute-seconds S   how long one minute of device time lasts (the install auto-abort timer:',
    '                       `auto-abort-timer 120` rolls back after 120 of them); default 1',
    '  --install-step-ms MS the pause between two steps of an install operation; default 150',
  ],
  options: {
    profile: { type: 'string', multiple: true },
    port: { type: 'string' },
    ...Object.fromEntries(mappedProtocols().map((p) => [`${p.name}-port`, { type: 'string' as const }])),
    'legacy-ssh': { type: 'boolean' },
    'state-dir': { type: 'string' },
    'reload-seconds': { type: 'string' },
    'minute-seconds': { type: 'string' },
    'install-step-ms': { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  run: async (args, io) => {
    const names = (args.values.profile as string[] | undefined) ?? [];
    let profiles: Profile[] | undefined;
    try {
      profiles = names.length ? names.map((n) => loadProfile(n)) : undefined;
    } catch (err) {
      if (err instanceof ProfileError) throw new UsageError(`lab: ${err.message}`);
      throw err;
    }
    const reloadSeconds = bounded(args.values, 'reload-seconds', 3600);
    const minuteSeconds = bounded(args.values, 'minute-seconds', 60);
    const installStepMs = bounded(args.values, 'install-step-ms', 60_000);
    const stateDir = path.resolve((args.values['state-dir'] as string | undefined) ?? defaultLabStateDir());
    let lab;
    try {
      lab = await startLab({
        profiles,
        basePort: port(args.values, 'port') ?? 0,
        ports: Object.fromEntries(mappedProtocols().flatMap((p) => (port(args.values, `${p.name}-port`) === undefined ? [] : [[p.name, port(args.values, `${p.name}-port`)]]))),
        legacyAlgorithms: args.values['legacy-ssh'] === true,
        stateDir,
        ...(reloadSeconds !== undefined ? { reloadMs: reloadSeconds * 1000 } : {}),
        ...(minuteSeconds !== undefined ? { minuteMs: minuteSeconds * 1000 } : {}),
        ...(installStepMs !== undefined ? { installStepMs } : {}),
      });
    } catch (err) {
      if (err instanceof LabStateError) throw new UsageError(`lab: ${err.message}`);
      throw err;
    }
    try {
      for (const d of lab.devices) {
        io.stdout(`${d.profile.name.padEnd(22)} ${d.url}  (enable secret: ${d.enableSecret})\n`);
      }
      io.stdout('lab running; Ctrl-C stops it\n');
      await new Promise<void>((resolve) => {
        if (io.stopSignal.aborted) resolve();
        else io.stopSignal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      await lab.close();
    }
    return 0;
  },
};
