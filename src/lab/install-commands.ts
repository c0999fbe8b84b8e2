// `install …` on a simulated IOS-XE device in the shapes of the real transcripts (shared/fixtures/iosxe
// 01, 06, 11, 15, 50–53): `install add file <fs:file | tftp/ftp URL> [activate [auto-abort-timer N]
// [commit]] [prompt-level none]`, `install activate [auto-abort-timer N]`, `install commit`, `install
// abort`, `install auto-abort-timer stop`; `install remove inactive` is in install-remove.ts, `install rollback` and `install label` in install-rollback.ts. Where no
// capture shows a line (a file that is missing, a question answered n), the lab's wording says so in
// a comment. State changes are in installer.ts; the reload that ends an activation in reload.ts.
import { parseEndpoint } from './copy-endpoints';
import { activate, activePackage, addedPackage, abort, commit, expand, imageRelease, installState, memberFlash, packageVersion, stopAutoAbort, uncommitted, type InstallPackage } from './installer';
import { configSaved, installDate, InstallRun } from './install-run';
import { runInstallLabel, runInstallRollback } from './install-rollback';
import { runInstallRemove } from './install-remove';
import { loadQuietly } from './net-transfer';
import { reloadDevice } from './reload';
import { InvalidInput, type Shell } from './shell';

interface Options {
  oneShot: boolean;
  activate: boolean;
  commit: boolean;
  timerMinutes?: number;
  promptLevelNone: boolean;
}

/** A keyword typed as any unique prefix (`inst act`), else invalid input at that word. */
function keyword(word: string | undefined, choices: string[], fallback: string): string {
  if (word === undefined) throw new InvalidInput(fallback);
  const w = word.toLowerCase();
  const hits = choices.filter((c) => c.startsWith(w));
  if (hits.length !== 1 && !choices.includes(w)) throw new InvalidInput(word);
  return choices.includes(w) ? w : hits[0]!;
}

/** `activate`, `auto-abort-timer N`, `commit`, `prompt-level none` after `install add file X` or `install activate`. */
function options(words: string[], start: number, oneShotAllowed: boolean): Options {
  const o: Options = { oneShot: false, activate: !oneShotAllowed, commit: false, promptLevelNone: false };
  for (let i = start; i < words.length; i++) {
    const k = keyword(words[i], oneShotAllowed ? ['activate', 'auto-abort-timer', 'commit', 'prompt-level'] : ['auto-abort-timer', 'prompt-level'], words[i]!);
    if (k === 'activate') o.activate = true;
    else if (k === 'commit' && o.activate) o.commit = true;
    else if (k === 'auto-abort-timer' && o.activate) {
      const n = words[++i];
      // IOS takes 30–1200 minutes.
      if (n === undefined || !/^\d+$/.test(n) || Number(n) < 30 || Number(n) > 1200) throw new InvalidInput(n ?? k);
      o.timerMinutes = Number(n);
    } else if (k === 'prompt-level') {
      keyword(words[++i], ['none'], k);
      o.promptLevelNone = true;
    } else throw new InvalidInput(words[i]!);
  }
  o.oneShot = oneShotAllowed && o.activate;
  return o;
}

export async function runInstall(shell: Shell, line: string): Promise<void> {
  const installer = shell.dev.profile.installer;
  if (!installer) throw new InvalidInput(line.trim().split(/\s+/)[0] ?? 'install');
  const words = line.trim().split(/\s+/).slice(1);
  const run = new InstallRun(shell, installer);
  const verb = keyword(words[0], ['add', 'activate', 'commit', 'abort', 'remove', 'auto-abort-timer', 'rollback', 'label'], 'install');
  if (verb === 'add') keyword(words[1], ['file'], 'add');
  if (verb === 'remove') keyword(words[1], ['inactive'], 'remove');
  if (verb === 'auto-abort-timer') keyword(words[1], ['stop'], 'auto-abort-timer');
  if (verb === 'add' && words[2] === undefined) throw new InvalidInput('file');
  const opts = verb === 'add' ? options(words, 3, true) : verb === 'activate' ? options(words, 1, false) : { promptLevelNone: words.includes('none') };
  const dev = shell.dev;
  if (dev.installBusy) {
    // No capture: the lab's wording for a second operation while one runs.
    run.say(`FAILED: install_${verb} : Another install operation is in progress`);
    return;
  }
  dev.installBusy = true;
  try {
    if (verb === 'add') await addCommand(run, words[2]!, opts as Options);
    else if (verb === 'activate') await activateCommand(run, opts as Options);
    else if (verb === 'commit') await commitCommand(run);
    else if (verb === 'abort') await abortCommand(run, opts.promptLevelNone);
    else if (verb === 'remove') await runInstallRemove(run);
    else if (verb === 'rollback') await runInstallRollback(run, words);
    else if (verb === 'label') runInstallLabel(run, words);
    else timerStopCommand(run);
  } catch (err) {
    // The lab was closed while the operation ran.
    if (!dev.lifetimeSignal.aborted) throw err;
  } finally {
    dev.installBusy = false;
  }
}

function configFailed(run: InstallRun, summary: string): void {
  for (const m of run.members) run.say(` [${m}] ${run.who(m)} FAILED: System configuration has been modified. Please save configuration and resubmit command.`);
  run.say(summary);
}

/** The image's file in flash: a flash path as given, or a network URL loaded into flash first. */
async function sourceImage(run: InstallRun, source: string, op: string): Promise<{ name: string; sizeBytes: number; shown: string } | undefined> {
  const dev = run.dev;
  const ep = parseEndpoint(dev, source);
  if (ep?.kind === 'flash' && ep.name) {
    const f = ep.fs.get(ep.name);
    if (f && !f.isDirectory) return { name: ep.name, sizeBytes: f.sizeBytes, shown: `${ep.fs.name}${ep.name}` };
    // No capture: the lab's wording for a file that is not there.
    run.say(`FAILED: install_${op} : ${source} does not exist`, '');
    return undefined;
  }
  if (ep?.kind === 'net' && ep.host && ep.path) {
    const name = ep.path.slice(ep.path.lastIndexOf('/') + 1);
    const fs = dev.defaultFs;
    // Cisco's 3.x wording (fixture 54); the 17.x installer downloads the same way before it syncs.
    run.say(`Downloading file ${source}`);
    // The same clients `copy` uses (clients/): TFTP, FTP (the device's `ip ftp` credentials unless the URL has some), HTTP with the URL's port.
    const r = await loadQuietly(dev, { protocol: ep.protocol, host: ep.host, path: ep.path, user: ep.user, password: ep.password, ...(ep.port !== undefined ? { port: ep.port } : {}) }, fs, name, dev.lifetimeSignal);
    if (!r.ok) {
      run.say(`FAILED: install_${op} : Failed to download ${source} (${r.cause})`, '');
      return undefined;
    }
    run.say(`Finished downloading file ${source} to ${fs.name}${name}`);
    return { name, sizeBytes: r.bytes, shown: `${fs.name}${name}` };
  }
  // The lab's IOS has no TLS client: an `https:` URL fails as a download would (no capture: the lab's wording).
  if (/^https:/i.test(source)) {
    run.say(`FAILED: install_${op} : Failed to download ${source} (the simulated device has no HTTPS client)`, '');
    return undefined;
  }
  throw new InvalidInput(source);
}

async function addCommand(run: InstallRun, source: string, o: Options): Promise<void> {
  const dev = run.dev;
  const installer = run.installer;
  const op = o.oneShot ? 'add_activate_commit' : 'add';
  if (o.oneShot) run.say(`install_add_activate_commit: START ${installDate()}`);
  const saved = o.oneShot ? await configSaved(run, o.promptLevelNone) : 'yes';
  if (saved === 'stop') return;
  if (o.oneShot && dev.software.mode === 'bundle' && !dev.bootVariable[0]?.endsWith('packages.conf') && !o.promptLevelNone) {
    // Bundle to install conversion without `boot system flash:packages.conf` first (genielibs' install dialogue).
    const ok = await run.yesNo(`Please confirm you have changed boot config to ${dev.defaultFs.name}packages.conf [y/n]`);
    if (!ok) return void run.say(`FAILED: install_${op} : Operation aborted by user`);
  }
  run.say(`install_add: START ${installDate()}`, 'install_add: Adding IMG');
  await run.pause();
  const summary = (path: string) => `FAILED: ${o.oneShot ? 'add_activate_commit' : 'install_add'} ${path} ${installDate()}`;
  if (saved === 'fail') return configFailed(run, summary(source));
  if (!o.oneShot && dev.software.mode === 'bundle') {
    // Fixture 52: a plain add from bundle mode.
    for (const m of run.members) run.say(` [${m}] ${run.who(m)} FAILED: Booted in bundle mode. For Bundle-to-Install mode conversion, please use one-shot CLI - install add file <> activate commit`);
    return run.say(summary(`${installer.listPath}/${source.slice(source.indexOf(':') + 1).replace(/^\/+/, '')}`), '');
  }
  const image = await sourceImage(run, source, op);
  if (!image) return;
  const release = imageRelease(installer, image.name);
  if (!release) {
    // No capture: the lab's wording for an image of another platform family.
    return run.say(`FAILED: install_${op} : ${image.shown} is not a supported image for this platform (${installer.imagePrefix})`, '');
  }
  if (dev.software.mode === 'install' && activePackage(dev) && dev.software.xeVersion === release) {
    // genielibs' recording: every member reports no change, and the operation succeeds.
    for (const m of run.members) run.say(` [${m}] ${run.who(m)} Add succeed with reason: Same Image File-No Change  `);
    return run.say(`SUCCESS: install_${op} ${installer.userPath}/${image.name} ${installDate()}`);
  }
  if (addedPackage(dev, release)) {
    return run.say(`FAILED: install_${op} : Super package already added. Add operation not allowed. 'install remove inactive' can be used to discard added packages`);
  }
  // Fixture 51: the expansion needs about the image's size on every member.
  const requiredKB = Math.floor(image.sizeBytes / 1024);
  const short = memberFlash(dev).filter(({ fs }) => (dev.faults.outOfSpace ? 0 : Math.floor(fs.freeBytes() / 1024)) < requiredKB);
  if (short.length) {
    for (const { member, fs } of short) run.say(` [${member}] ${run.who(member)} FAILED: ${installer.userPath} requires ${requiredKB} KB of free space, but only ${dev.faults.outOfSpace ? 0 : Math.floor(fs.freeBytes() / 1024)} KB is available`);
    return run.say(summary(`${installer.userPath}/${image.name}`));
  }
  run.say('--- Starting initial file syncing ---', `Copying ${image.shown} from ${run.who(1)} to ${run.copyTargets}`);
  await run.pause(2);
  for (const { fs } of memberFlash(dev).slice(1)) if (!fs.get(image.name)) fs.place(image.name, { sizeBytes: image.sizeBytes });
  run.say(`Info: Finished copying to the selected ${installer.members === 'router' ? '' : 'Switch'}`, 'Finished initial file syncing', '');
  const version = packageVersion(release, image.name);
  // Fixture 51: one line per member, when it is done; a router prints none (fixture 53).
  await run.phase('Add', 'Add', installer.members === 'router' ? { start: false, finish: false } : { start: false, finish: (m) => ` [${m}] Finished Add package(s) on ${run.who(m)}` });
  const pkg = expand(dev, installer, release, version, image.sizeBytes);
  run.say(`Image added. Version: ${version}`, '');
  if (!o.oneShot) return run.say(`SUCCESS: install_add ${installDate()}`);
  if (!(await activation(run, pkg, o, op))) return;
  if (o.commit) {
    await run.phase('Commit', 'Commit', { finished: 'Finished Commit operation' });
    commit(dev);
  }
  await finishAndReload(run, op);
}

/** The activate phase (one-shot or `install activate`); false when it did not go ahead. */
async function activation(run: InstallRun, pkg: InstallPackage, o: Options, op: string): Promise<boolean> {
  run.say(`install_activate: START ${installDate()}`, 'install_activate: Activating IMG', 'Following packages shall be activated:');
  for (const f of pkg.files ?? []) if (f.endsWith('.pkg')) run.say(`${run.installer.listPath}/${f}`);
  run.say('');
  if (!o.promptLevelNone) {
    const yes = await run.yesNo('This operation may require a reload of the system. Do you want to proceed? [y/n]');
    // No capture of a declined reload: the lab's wording. The image stays added (inactive).
    if (!yes) {
      run.say(`FAILED: install_${op} : Operation aborted by user`);
      return false;
    }
    run.say('');
  }
  await run.phase('Activate', 'Activate');
  activate(run.dev, run.installer, pkg, o.commit ? undefined : (o.timerMinutes ?? 120));
  return true;
}

/** Fixture 50 (Cat9300): Upgrade_Service and `Install will reload the system now!`; then SUCCESS, and the reload. */
async function finishAndReload(run: InstallRun, op: string): Promise<void> {
  if (run.installer.upgradeService) {
    run.say(`${run.bracket}: Performing Upgrade_Service`, '300+0 records in', '300+0 records out', '307200 bytes (307 kB, 300 KiB) copied, 0.373338 s, 823 kB/s');
    await run.pause(3);
    run.say('  SUCCESS: Upgrade_Service finished', 'Install will reload the system now!');
  }
  run.say(`SUCCESS: install_${op} ${installDate()}`);
  await reloadDevice(run.dev, { reason: 'Image Install' });
  run.shell.term.close();
}

async function activateCommand(run: InstallRun, o: Options): Promise<void> {
  const dev = run.dev;
  const pkg = addedPackage(dev);
  if (!pkg) {
    // No capture: the lab's wording when nothing was added.
    run.say(`install_activate: START ${installDate()}`, 'FAILED: install_activate : No package is added to activate');
    return;
  }
  const saved = await configSaved(run, o.promptLevelNone);
  if (saved === 'stop') return;
  if (saved === 'fail') return configFailed(run, `FAILED: install_activate ${installDate()}`);
  if (await activation(run, pkg, { ...o, commit: false }, 'activate')) await finishAndReload(run, 'activate');
}

async function commitCommand(run: InstallRun): Promise<void> {
  run.say(`install_commit: START ${installDate()}`);
  // No capture: the lab's wording for a commit with nothing activated.
  if (!uncommitted(run.dev)) return run.say('FAILED: install_commit : No uncommitted install operation to commit');
  await run.phase('Commit', 'Commit', { finished: 'Finished Commit operation' });
  commit(run.dev);
  // Fixture 06 prints no date here.
  run.say('SUCCESS: install_commit');
}

/** Fixture 52, example 3: the reload question, the Abort phase, then the reload into the previous image. */
async function abortCommand(run: InstallRun, promptLevelNone: boolean): Promise<void> {
  run.say(`install_abort: START ${installDate()}`);
  if (!uncommitted(run.dev)) return run.say('FAILED: install_abort : No uncommitted install operation to abort');
  const saved = await configSaved(run, promptLevelNone);
  if (saved === 'stop') return;
  if (saved === 'fail') return run.say('FAILED: install_abort : System configuration has been modified. Please save configuration and resubmit command.');
  if (!promptLevelNone) {
    run.say('');
    const yes = await run.yesNo('This operation may require a reload of the system. Do you want to proceed? [y/n]');
    if (!yes) return run.say('FAILED: install_abort : Operation aborted by user');
    run.say('');
  }
  // Fixture 52 (a router: no finish line) and 08 (a stack's abort: `packages(s)`, with the finish lines).
  await run.phase('Abort', 'Abort', {
    start: (m) => ` [${m}] Abort packages(s) on ${run.who(m)}`,
    finish: run.installer.members === 'router' ? false : (m) => ` [${m}] Finished Abort packages(s) on ${run.who(m)}`,
    finished: 'Finished Abort operation',
  });
  abort(run.dev, run.installer);
  run.say(`SUCCESS: install_abort ${installDate()}`);
  await reloadDevice(run.dev, { reason: 'Image Install' });
  run.shell.term.close();
}

/** Fixture 11 (its dates pad the day with a space). */
function timerStopCommand(run: InstallRun): void {
  const date = installDate(new Date(), ' ');
  run.say(`install_auto_abort_timer: START ${date}`);
  stopAutoAbort(run.dev);
  installState(run.dev).autoAbortTimer = 'inactive';
  run.say(`SUCCESS: install_auto_abort_timer  ${date}`);
}
