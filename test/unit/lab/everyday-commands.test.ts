// What a person tries at a prompt: output modifiers on any show/dir command (IOS regex semantics,
// abbreviations), show clock, show ip interface brief, dir nvram:, dir all-filesystems, show
// inventory on every profile, and show install summary from the device's install state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDir } from '../../../src/device/parsers';
import { builtinProfiles, startLabDevice } from '../../../src/lab';
import { applyModifier, hasNestedQuantifier, iosRegex, type OutputModifier } from '../../../src/lab/output-modifiers';
import { labConsole } from './lab-output';
import { openShell } from './lab-shell-client';

const marker = (column: number) => `${' '.repeat(column)}^\n% Invalid input detected at '^' marker.\n\n`;

test('| include, | exclude, | begin, | count: case-sensitive, abbreviated, on show and dir', async (t) => {
  const lab = labConsole(t, 'c2960x');
  const version = await lab.run('show version');
  const lines = version.trimEnd().split('\n');
  assert.equal(await lab.run('show version | include Version'), `${lines.filter((l) => l.includes('Version')).join('\n')}\n`);
  assert.equal(await lab.run('sh ver | i Version'), await lab.run('show version | include Version'), 'sh ver | i …');
  assert.equal(await lab.run('show version | include VERSION'), '', 'case-sensitive');
  assert.equal(await lab.run('show version | exclude e'), `${lines.filter((l) => !l.includes('e')).join('\n')}\n`);
  assert.equal(await lab.run('show version | begin ^Switch Ports'), `${lines.slice(lines.findIndex((l) => l.startsWith('Switch Ports'))).join('\n')}\n`);
  assert.equal(await lab.run('show version | i uptime is|^System image'), `${lines.filter((l) => /uptime is|^System image/.test(l)).join('\n')}\n`, 'alternation in the pattern');
  const dir = await lab.run('dir flash:');
  assert.equal(await lab.run('dir flash: | count \\.text$'), `Number of lines which match regexp = ${dir.split('\n').filter((l) => /\.text$/.test(l)).length}\n`);
  assert.equal(await lab.run('dir | in _vlan.dat'), `${dir.split('\n').filter((l) => l.endsWith(' vlan.dat')).join('\n')}\n`, 'IOS _ matches a delimiter');
});

test('| section prints each matching line with the lines indented under it', async (t) => {
  const lab = labConsole(t, 'c2911');
  assert.equal(await lab.run('show running-config | section ^line vty'), 'line vty 0 4\n login local\n transport input ssh\n');
  assert.match(await lab.run('show run | sec interface'), /^interface GigabitEthernet0\/0\n ip address 127\.0\.0\.1 255\.0\.0\.0\n$/);
});

test('modifier errors: an unknown modifier is marked, a missing pattern is incomplete, copy takes none', async (t) => {
  const lab = labConsole(t, 'c9300');
  assert.equal(await lab.run('show version | zap x'), marker('show version | '.length));
  assert.equal(await lab.run('show version | format x'), marker('show version | '.length), 'IOS has | format; the lab does not');
  assert.equal(await lab.run('show version | include'), '% Incomplete command.\n\n');
  assert.equal(await lab.run('show version |'), '% Incomplete command.\n\n');
  assert.equal(await lab.run('copy flash:a flash:b | include x'), marker('copy flash:a flash:b '.length));
  assert.equal(await lab.run('show verzion | include x'), marker('show '.length), "the command's own error is printed as is");
});

test('IOS regular expressions: _ is a delimiter, otherwise POSIX-like', () => {
  assert.ok(iosRegex('_up_').test('Vlan1  127.0.0.1  YES NVRAM  up  up'));
  assert.ok(!iosRegex('_up_').test('backup'));
  assert.ok(iosRegex('^Gi.*up$').test('GigabitEthernet0/0 up'));
  assert.ok(iosRegex('[_]').test('a_b'), 'a literal _ inside brackets');
});

test('show clock: the host time in UTC with the * of a clock no NTP set', async (t) => {
  const lab = labConsole(t, 'isr4331');
  assert.match(await lab.run('show clock'), /^\*\d\d:\d\d:\d\d\.\d{3} UTC (Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} \d{4}\n$/);
});

test('show ip interface brief: IOS columns, the management interface up with its address', async (t) => {
  for (const p of builtinProfiles) {
    const lab = labConsole(t, p);
    const out = await lab.run('show ip interface brief');
    const [head, ...rows] = out.replace(/\n$/, '').split('\n');
    assert.equal(head, 'Interface              IP-Address      OK? Method Status                Protocol', p.name);
    const mgmt = rows.find((r) => r.startsWith(`${p.interface} `));
    assert.ok(mgmt, `${p.name}: ${p.interface} listed`);
    assert.match(mgmt, /^\S+ +127\.0\.0\.1 +YES NVRAM {2}up +up {6}$/, p.name);
    // A name longer than its column pushes the row right, as IOS does (Embedded-Service-Engine0/0).
    for (const r of rows) assert.equal(r.length, head.length + Math.max(0, r.indexOf(' ') - 22), `${p.name}: ${JSON.stringify(r)} fills the columns`);
  }
});

test('dir nvram: lists the startup configuration as saved; dir all-filesystems lists every local file system', async (t) => {
  for (const p of builtinProfiles) {
    const lab = labConsole(t, p);
    const nvram = parseDir(await lab.run('dir nvram:'), 'nvram:');
    const startup = nvram.files.find((f) => f.name === 'startup-config');
    assert.ok(startup, p.name);
    assert.equal(startup.sizeBytes, Buffer.byteLength(await lab.run('show startup-config')), `${p.name}: startup-config is what show startup-config prints`);
    const fsRow = (await lab.run('show file systems')).split('\n').find((l) => / nvram:$/.test(l))!;
    assert.deepEqual(fsRow.trim().split(/\s+/).slice(0, 2).map(Number), [nvram.totalBytes, nvram.freeBytes], `${p.name}: show file systems agrees`);
    const all = await lab.run('dir all-filesystems');
    for (const fs of lab.dev.fileSystems) assert.ok(all.includes(`Directory of ${fs.name}/\n`), `${p.name}: ${fs.name}`);
    assert.ok(all.includes('Directory of nvram:/\n'));
  }
});

test('show inventory on every profile names its chassis; show install summary only where IOS-XE runs install mode', async (t) => {
  for (const p of builtinProfiles) {
    const lab = labConsole(t, p);
    const inv = await lab.run('show inventory');
    assert.match(inv, /^NAME: ".*", DESCR: ".*"$/m, p.name);
    assert.ok(inv.includes(`PID: ${p.inventory![0].pid}`), p.name);
    const summary = await lab.run('show install summary');
    if (p.install) assert.match(summary, /Installed Package\(s\) Information:/, p.name);
    else assert.match(summary, /% Invalid input detected/, p.name);
  }
});

test('show install summary reads the install state kept in the device state (what install commands will change)', async (t) => {
  const lab = labConsole(t, 'c9300');
  assert.match(await lab.run('show install summary'), /^\[ Switch 1 2 \] Installed Package\(s\) Information:\n[\s\S]*^IMG {3}C {4}17\.09\.04a\.0\.6\n[\s\S]*^Auto abort timer: inactive$/m);
  lab.dev.install!.packages.push({ type: 'IMG', state: 'U', version: '17.09.05.0.9' });
  lab.dev.install!.autoAbortTimer = 'active on install_activate, time before rollback - 01:59:52';
  const out = await lab.run('show install summary');
  assert.match(out, /^IMG {3}U {4}17\.09\.05\.0\.9$/m);
  assert.match(out, /^Auto abort timer: active on install_activate/m);
  assert.equal(lab.dev.profile.install!.packages.length, 1, 'the profile itself is not changed');
});

test('over SSH a filtered output is paged like any other', { timeout: 30_000 }, async (t) => {
  const dev = await startLabDevice({ profile: 'c9300' });
  t.after(() => dev.close());
  const sh = await openShell(t, { host: dev.host, port: dev.port, username: dev.privilegedUser!.username, password: dev.privilegedUser!.password });
  await sh.run('terminal length 5');
  const first = await sh.send('show version | include e\r', / --More-- $/);
  assert.equal(first.split('\r\n').length, 6, 'the echo, four lines, and the --More-- prompt');
  // Quitting --More-- erases it and the prompt follows on the same line, as on IOS.
  // eslint-disable-next-line no-control-regex -- the backspaces IOS erases --More-- with
  await sh.send('q', /\x08 *\x08*C9300-STACK#$/);
  await sh.run('terminal length 0');
  assert.equal(await sh.run('show clock | include ^XYZ'), '');
});

test('a pattern that would backtrack exponentially is matched literally, and answers at once', () => {
  for (const p of ['(a+)+$', '(a|aa)*b', '((ab)*c?)+x', '(x{1,9}){2,}$', '(?:a*)*!']) assert.equal(hasNestedQuantifier(p), true, p);
  for (const p of ['c9300.*bin', '^flash', '(bin|pkg)$', '_9[0-9]+_', '[(+]+', 'a\\(b+\\)+']) assert.equal(hasNestedQuantifier(p), false, p);
  const hostile = iosRegex('(a+)+$');
  // 'a' × 40 then a mismatch: a backtracking engine given the pattern as a regex would not finish.
  const text = `${'a'.repeat(40)}!`;
  const steps: OutputModifier = { kind: 'include', pattern: hostile };
  assert.equal(applyModifier(`${text}\n(a+)+$ literally\n`, steps), '(a+)+$ literally\n');
  // Ordinary patterns still work as regular expressions.
  assert.equal(applyModifier('c9300.bin\nother\n', { kind: 'include', pattern: iosRegex('c93.0') }), 'c9300.bin\n');
});
