// The table of subcommands, in the order help lists them. Each lives in its own module.
import type { CliCommand } from './command';
import { demoCommand } from './commands/demo';
import { inspectCommand } from './commands/inspect';
import { labCommand } from './commands/lab';
import { pullCommand } from './commands/pull';
import { pushCommand } from './commands/push';
import { serveCommand } from './commands/serve';

export const commands: readonly CliCommand[] = [serveCommand, labCommand, inspectCommand, pushCommand, pullCommand, demoCommand];
