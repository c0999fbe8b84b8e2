// The table of subcommands. Each later capability replaces its placeholder `run` with the real one;
// until then the command says which part of the product it waits for and exits 1.
import type { CliCommand } from './command';

function notYet(name: string, what: string): CliCommand['run'] {
  return async (_args, io) => {
    io.stderr(`ios-image-manager ${name}: not available in this build yet (${what}).\n`);
    return 1;
  };
}

export const commands: readonly CliCommand[] = [
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
];
