import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { checkRequestedName, resolveInside, UnsafeNameError } from '../../../src/engine';
import { tempDir } from '../../helpers/temp-dir';

const refused: { title: string; name: string }[] = [
  { title: 'empty', name: '' },
  { title: 'parent segment', name: '../etc/passwd' },
  { title: 'parent segment inside', name: 'images/../../x' },
  { title: 'bare parent', name: '..' },
  { title: 'absolute', name: '/etc/passwd' },
  { title: 'home', name: '~root/.ssh/id_rsa' },
  { title: 'backslash', name: '..\\windows\\win.ini' },
  { title: 'drive letter', name: 'C:boot.ini' },
  { title: 'NUL', name: 'image.bin\0.txt' },
  { title: 'newline', name: 'image\n.bin' },
  { title: 'DEL', name: 'image\x7f.bin' },
  { title: 'C1 control (NEL)', name: 'image\u0085.bin' },
  { title: 'C1 control (CSI)', name: 'image\u009b2J.bin' },
  { title: 'empty segment', name: 'images//c2960.bin' },
  { title: 'dot segment', name: './c2960.bin' },
  { title: 'too long', name: 'a'.repeat(256) },
];

for (const { title, name } of refused) {
  test(`checkRequestedName refuses ${title}`, () => {
    assert.throws(() => checkRequestedName(name), UnsafeNameError);
  });
}

test('checkRequestedName keeps ordinary IOS image names and subfolders', () => {
  for (const name of ['c2960x-universalk9-mz.152-7.E3.bin', 'isr4300-universalk9.17.09.04a.SPA.bin', 'images/cat9k_iosxe.17.12.01.SPA.bin', 'router-confg']) {
    assert.equal(checkRequestedName(name), name);
  }
});

test('resolveInside refuses a symlink that leads out of the folder', async (t) => {
  const dir = tempDir(t);
  const root = path.join(dir, 'root');
  mkdirSync(root);
  writeFileSync(path.join(dir, 'secret'), 'x');
  symlinkSync(path.join(dir, 'secret'), path.join(root, 'link'));
  await assert.rejects(resolveInside(root, 'link'), UnsafeNameError);
  writeFileSync(path.join(root, 'ok.bin'), 'y');
  assert.equal(await resolveInside(root, 'ok.bin'), path.join(await import('node:fs/promises').then((f) => f.realpath(root)), 'ok.bin'));
});

test('checkRequestedName accepts UTF-8 names above the C1 range', () => {
  assert.equal(checkRequestedName('Überschrift-ñ-日本.bin'), 'Überschrift-ñ-日本.bin');
  assert.equal(checkRequestedName('\u00a0nbsp.bin'), '\u00a0nbsp.bin');
});

test('resolveInside: a path through a regular file resolves inside (ENOTDIR is "nothing there", not an error)', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'hello.txt'), 'x');
  assert.equal(await resolveInside(dir, 'hello.txt/x'), path.join(dir, 'hello.txt', 'x'));
  assert.equal(await resolveInside(dir, 'hello.txt/x/y'), path.join(dir, 'hello.txt', 'x', 'y'));
});
