// `pull` subcommand.
import type { CliCommand } from '../command';
import { notYet } from '../not-yet';

export const pullCommand: CliCommand = {
  name: 'pull',
  summary: 'copy a file from a device to a local folder',
  usage: 'pull ssh://USER[:PASS]@HOST[:PORT] DEVICEFILE LOCALDIR [--protocol tftp|ftp|rcp] [--json]',
  details: [],
  options: {
    protocol: { type: 'string' },
    server: { type: 'string' },
    'engine-ports': { type: 'string' },
    json: { type: 'boolean' },
    'known-hosts': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
  },
  positionals: { min: 3, max: 3 },
  run: notYet('pull', 'copy jobs'),
};
