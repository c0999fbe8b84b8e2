// Placeholder run function for a subcommand whose capability has not landed yet: says which part
// of the product it waits for and exits 1.
import type { CliCommand } from './command';

export function notYet(name: string, what: string): CliCommand['run'] {
  return async (_args, io) => {
    io.stderr(`ios-image-manager ${name}: not available in this build yet (${what}).\n`);
    return 1;
  };
}
