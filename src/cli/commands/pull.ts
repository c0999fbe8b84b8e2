// `pull`: copies a file from a device into a local folder through the bundled engine's upload slot
// (the file appears only when complete and is never overwritten), checked against `verify /md5`.
import { TransferEngine } from '../../engine';
import { gatherSnapshot, pullFile } from '../../jobs';
import type { CliCommand, ParsedArgs } from '../command';
import { openDeviceFromArgs } from '../device-login';
import { passwordHelp, passwordStdinOption } from '../device-password';
import { enginePortsSyntax, parseEnginePorts } from '../engine-ports';
import type { CliIo } from '../io';
import { JobProgressPrinter } from '../job-progress';
import { jobServer } from '../job-server';
import { defaultPortsText, parseProtocol, protocolNamesBar } from './push';

async function runPull(args: ParsedArgs, io: CliIo): Promise<number> {
  const [url, deviceFile, localDir] = args.positionals;
  const protocol = parseProtocol('pull', args.values.protocol);
  parseEnginePorts('pull', args.values['engine-ports']);
  const json = args.values.json === true;
  const printer = json ? undefined : new JobProgressPrinter(io);
  const login = await openDeviceFromArgs('pull', url, args, io);
  if (!login) return 1;
  const engine = new TransferEngine();
  const abort = new AbortController();
  const onStop = () => abort.abort();
  io.stopSignal.addEventListener('abort', onStop, { once: true });
  try {
    const snapshot = await gatherSnapshot(login.session, login.username);
    const server = jobServer('pull', args, engine);
    const result = await pullFile(login.session, snapshot, {
      protocol,
      deviceHost: login.host,
      deviceFile: deviceFile.includes(':') ? deviceFile : `${snapshot.fileSystems.find((f) => f.isDefault)?.name ?? 'flash:'}${deviceFile}`,
      localDir,
      server,
      verify: args.values['no-verify'] !== true,
      signal: abort.signal,
      onEvent: (e) => printer?.handle(e),
    });
    if (json) io.stdout(`${JSON.stringify({ device: snapshot.hostname, localPath: result.localPath, outcome: result.outcome, checks: result.checks }, null, 2)}\n`);
    return result.outcome.status === 'succeeded' ? 0 : 1;
  } finally {
    io.stopSignal.removeEventListener('abort', onStop);
    login.session.close();
    await engine.close();
  }
}

export const pullCommand: CliCommand = {
  name: 'pull',
  summary: 'copy a file from a device to a local folder',
  usage: `pull ssh://USER[:PASS]@HOST[:PORT] DEVICEFILE LOCALDIR [--protocol ${protocolNamesBar()}] [--server HOST] [--engine-ports ${enginePortsSyntax}] [--json]`,
  details: [
    '',
    '  DEVICEFILE            e.g. flash:config.text (the default file system when no prefix is given)',
    '  --protocol P          tftp (default) or another protocol that takes uploads (see push --help)',
    '  --server HOST         have the device send to an external server instead of the bundled engine',
    `  --engine-ports LIST   where the bundled servers listen, e.g. tftp=6969 (default ${defaultPortsText()})`,
    '  --bind ADDR           the address the device should connect to (default: the one facing it)',
    "  --no-verify           skip the device's verify /md5",
    '  --json                print the checks and the outcome as JSON',
    ...passwordHelp,
  ],
  options: {
    protocol: { type: 'string' },
    server: { type: 'string' },
    'engine-ports': { type: 'string' },
    bind: { type: 'string' },
    'no-verify': { type: 'boolean' },
    json: { type: 'boolean' },
    'known-hosts': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
    ...passwordStdinOption,
  },
  positionals: { min: 3, max: 3 },
  run: runPull,
};
