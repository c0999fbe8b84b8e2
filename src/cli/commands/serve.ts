// `serve` subcommand.
import type { CliCommand } from '../command';
import { notYet } from '../not-yet';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the bundled transfer engine (TFTP, FTP, RCP servers) on this machine',
  usage: 'serve [--bind ADDR] [--tftp PORT] [--root DIR] [--inbox DIR] [--allow ADDR]...',
  details: [],
  options: {
    bind: { type: 'string' },
    tftp: { type: 'string' },
    root: { type: 'string' },
    inbox: { type: 'string' },
    allow: { type: 'string', multiple: true },
  },
  positionals: { min: 0, max: 0 },
  run: notYet('serve', 'the transfer engine'),
};
