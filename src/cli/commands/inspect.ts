// `inspect` subcommand.
import type { CliCommand } from '../command';
import { notYet } from '../not-yet';

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: "print a device's facts, file systems and files",
  usage: 'inspect ssh://USER[:PASSWORD]@HOST[:PORT] [--json] [--known-hosts FILE] [--accept-new-host-key]',
  details: [],
  options: {
    json: { type: 'boolean' },
    'known-hosts': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  run: notYet('inspect', 'the device layer'),
};
