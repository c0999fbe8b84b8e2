// Parses the command line with Node's util.parseArgs and dispatches to the subcommand table.
// Usage mistakes become a UsageError (one line, exit 2); everything else is the command's business.
import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import type { CliCommand } from './command';
import { type CommandEntry, commands as defaultCommands } from './commands';
import type { CliIo } from './io';
import { UsageError } from './usage-error';

export const programName = 'ios-image-manager';

type Listed = CliCommand | CommandEntry;

export function mainHelp(commands: readonly Listed[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${programName} ${version} — Cisco IOS image transfers without a separate file server`,
    '',
    `Usage: ${programName} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: <command> --help)',
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  return [`Usage: ${programName} ${command.usage}`, '', command.summary, ...command.details, ''].join('\n');
}

function parseCommand(command: CliCommand, argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    // parseArgs errors are multi-line-free but long; keep the first sentence.
    const text = err instanceof Error ? err.message.split('. ')[0] : String(err);
    throw new UsageError(`${command.name}: ${text.replace(/\.$/, '')}`);
  }
  return parsed;
}

export async function runCli(argv: string[], io: CliIo, commands: readonly Listed[] = defaultCommands): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      io.stdout(mainHelp(commands));
      return 0;
    }
    if (first === '-v' || first === '--version') {
      io.stdout(`${version}\n`);
      return 0;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option '${first}' (see --help)`);
    const listed = commands.find((c) => c.name === first);
    if (!listed) throw new UsageError(`unknown command '${first}' (commands: ${commands.map((c) => c.name).join(', ')})`);
    const command = 'load' in listed ? await listed.load() : listed;
    const parsed = parseCommand(command, rest);
    if (parsed.values.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    const { min, max } = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`${command.name}: expected ${min === max ? min : `${min}–${max}`} argument(s), got ${parsed.positionals.length} (usage: ${command.usage})`);
    }
    return await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${programName}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
