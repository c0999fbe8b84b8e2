// `install remove inactive` in the IOS-XE 17 shape (fixtures 04 and 14): the in-use files kept and the
// files to delete, per member, from the device's own flash; `Do you want to remove the above files?
// [y/n]`; y deletes them (once per file, as 04 prints it) and runs the post-remove cleanup, n keeps them
// (`User Rejected Deletion`). The inactive images' packages are forgotten once their files are gone.
import { filesInUse, forgetRemoved, memberFlash, removableFiles } from './installer';
import { installDate, type InstallRun } from './install-run';

export async function runInstallRemove(run: InstallRun): Promise<void> {
  const dev = run.dev;
  const installer = run.installer;
  const path = installer.listPath;
  run.say(`install_remove: START ${installDate()}`, 'install_remove: Removing IMG', 'Cleaning up unnecessary package files', `No path specified, will use booted path ${path}/packages.conf`, '', `Cleaning ${path}`);
  await run.pause();
  run.say('  Scanning boot directory for packages ... done.', '  Preparing packages list to delete ...');
  const flashes = memberFlash(dev);
  const inUse = [...filesInUse(dev)];
  for (const name of inUse) {
    for (const { member, fs } of flashes) if (fs.get(name)) run.say(`    ${run.removeTag(member)}: ${path}/${name} File is in use, will not delete.`);
  }
  const doomed = flashes.map(({ member, fs }) => ({ member, fs, names: removableFiles(dev, installer, fs) }));
  const names = [...new Set(doomed.flatMap((d) => d.names))];
  if (names.length === 0) {
    // Not in the captures; Cat9k 16.x/17.x's wording as commonly reported.
    run.say('', 'SUCCESS: No extra package or provisioning files found on media. Nothing to clean.', '', `SUCCESS: install_remove ${installDate()}`);
    return;
  }
  run.say('', 'The following files will be deleted:');
  for (const name of names) for (const d of doomed) if (d.names.includes(name)) run.say(`    ${run.removeTag(d.member)}: ${path}/${name}`);
  run.say('');
  const yes = await run.yesNo('Do you want to remove the above files? [y/n]');
  if (yes === null) return;
  if (!yes) {
    run.say('[1]  R0 Add succeed with reason: User Rejected Deletion', '', `SUCCESS: install_remove ${installDate()}`);
    return;
  }
  run.say('', '');
  for (const name of names) {
    for (const d of doomed) if (d.names.includes(name)) d.fs.delete(name);
    run.say(`Deleting file ${path}/${name} ... done.`);
  }
  forgetRemoved(dev);
  run.say('SUCCESS: Files deleted.', '', '--- Starting Post_Remove_Cleanup ---', 'Performing REMOVE_POSTCHECK on all members');
  await run.pause();
  run.say('Finished Post_Remove_Cleanup', `SUCCESS: install_remove ${installDate()}`);
}
