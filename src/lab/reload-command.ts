// `reload` as IOS asks it: with unsaved changes `System configuration has been modified. Save?
// [yes/no]:` (yes saves, no discards them at the reload), a stack's notice, then `Proceed with reload?
// [confirm]`. Confirmed, the device reloads (reload.ts) and the session drops with no prompt after it.
import { reloadDevice } from './reload';
import type { Shell } from './shell';

/** `[yes/no]` as IOS reads it: `y`/`yes`/`n`/`no` in any case; anything else asks again; null when aborted. */
async function yesNo(shell: Shell, prompt: string): Promise<boolean | null> {
  for (;;) {
    const answer = await shell.term.ask(prompt);
    if (answer === null) return null;
    const a = answer.toLowerCase();
    if (a === 'y' || a === 'yes') return true;
    if (a === 'n' || a === 'no') return false;
    shell.term.write("% Please answer 'yes' or 'no'.\n");
  }
}

export async function runReload(shell: Shell): Promise<void> {
  const dev = shell.dev;
  if (!dev.startupSaved) {
    const save = await yesNo(shell, 'System configuration has been modified. Save? [yes/no]: ');
    if (save === null) return;
    if (save) {
      shell.term.write('Building configuration...\n');
      dev.saveConfig();
      shell.term.write('[OK]\n');
    }
  }
  if (dev.profile.reloadNotice) shell.term.write(`${dev.profile.reloadNotice}\n`);
  const go = await shell.term.confirm('Proceed with reload? [confirm]');
  if (!go) return;
  await reloadDevice(dev, { reason: 'Reload Command' });
  shell.term.close();
}
