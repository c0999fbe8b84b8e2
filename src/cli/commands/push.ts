// `push` subcommand.
import type { CliCommand } from '../command';
import { notYet } from '../not-yet';

export const pushCommand: CliCommand = {
  name: 'push',
  summary: 'copy a local image to a device over TFTP, FTP or RCP, with pre-flight checks',
  usage:
    'push ssh://USER[:PASS]@HOST[:PORT] LOCALFILE [--protocol tftp|ftp|rcp] [--dest FS:NAME] [--server HOST] [--engine-ports tftp=N,ftp=N,rcp=N] [--yes-erase] [--json]',
  details: [],
  options: {
    protocol: { type: 'string' },
    dest: { type: 'string' },
    server: { type: 'string' },
    'engine-ports': { type: 'string' },
    'yes-erase': { type: 'boolean' },
    json: { type: 'boolean' },
    'known-hosts': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
  },
  positionals: { min: 2, max: 2 },
  run: notYet('push', 'copy jobs'),
};
