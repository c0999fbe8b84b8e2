// `lab` subcommand.
import type { CliCommand } from '../command';
import { notYet } from '../not-yet';

export const labCommand: CliCommand = {
  name: 'lab',
  summary: 'start simulated IOS devices on 127.0.0.1 to try everything without hardware',
  usage: 'lab [--profile NAME|FILE]... [--port N] [--tftp-port N] [--ftp-port N] [--rcp-port N]',
  details: [],
  options: {
    profile: { type: 'string', multiple: true },
    port: { type: 'string' },
    'tftp-port': { type: 'string' },
    'ftp-port': { type: 'string' },
    'rcp-port': { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  run: notYet('lab', 'the simulated lab'),
};
