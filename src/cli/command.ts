// The shape of one CLI subcommand: its options for util.parseArgs, its help text, and its run
// function. Subcommands live in one table (src/cli/commands.ts) so help and dispatch cannot drift.
import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CliCommand {
  name: string;
  summary: string;
  /** One usage line after the program name, e.g. `serve [--tftp PORT] ...`. */
  usage: string;
  /** Lines describing each option, shown by `<command> --help`. */
  details: string[];
  options: OptionSpec;
  /** How many positionals the command takes. */
  positionals: { min: number; max: number };
  run: (args: ParsedArgs, io: CliIo) => Promise<number>;
}
