// lftp (Debian) against our FTP server with the CLI-style static login: listing, get (also from a
// subfolder), resumed get (REST), put, and a put onto an existing file refused.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { needTool } from '../../helpers/tools';
import { runTool, startFtp } from './ftp-fixture';

const timeout = 60_000;
const login = { username: 'backup', password: 's3cret-pw' };

function lftp(port: number, script: string, cwd: string) {
  const settings = 'set net:max-retries 1; set net:timeout 10; set ftp:ssl-allow no; set cmd:fail-exit yes';
  return runTool('sh', ['-c', `cd "${cwd}" && exec lftp -u '${login.username},${login.password}' -p ${port} -e "${settings}; ${script}; quit" 127.0.0.1`]);
}

test('lftp lists, gets (also from a subfolder), resumes and puts byte for byte; overwrite refused', { timeout }, async (t) => {
  if (!needTool(t, 'lftp', 'lftp')) return;
  const f = await startFtp(t, { cliLogin: login });
  const image = Buffer.alloc(2 * 1024 * 1024 + 11);
  for (let i = 0; i < image.length; i++) image[i] = (i * 7919) & 0xff;
  writeFileSync(path.join(f.root, 'isr4300.bin'), image);
  mkdirSync(path.join(f.root, 'old'));
  writeFileSync(path.join(f.root, 'old', 'c2900.bin'), image.subarray(0, 4096));
  const work = path.join(f.dir, 'work');
  mkdirSync(work);

  const ls = await lftp(f.port, 'cls -1', work);
  assert.equal(ls.code, 0, ls.stderr);
  assert.deepEqual(ls.stdout.trim().split('\n').sort(), ['isr4300.bin', 'old/']);

  const get = await lftp(f.port, 'get isr4300.bin; cd old; get c2900.bin', work);
  assert.equal(get.code, 0, get.stderr);
  assert.ok(readFileSync(path.join(work, 'isr4300.bin')).equals(image));
  assert.ok(readFileSync(path.join(work, 'c2900.bin')).equals(image.subarray(0, 4096)));

  writeFileSync(path.join(work, 'resume.bin'), image.subarray(0, 1_000_000));
  const resume = await lftp(f.port, 'get -c isr4300.bin -o resume.bin', work);
  assert.equal(resume.code, 0, resume.stderr);
  assert.ok(readFileSync(path.join(work, 'resume.bin')).equals(image));
  assert.ok(f.events.some((e) => e.type === 'finished' && e.transfer.options.restOffset === 1_000_000));

  writeFileSync(path.join(work, 'running-config'), 'hostname R1\n!\nend\n');
  const put = await lftp(f.port, 'put running-config', work);
  assert.equal(put.code, 0, put.stderr);
  assert.equal(readFileSync(path.join(f.inbox, 'running-config'), 'utf8'), 'hostname R1\n!\nend\n');

  writeFileSync(path.join(work, 'running-config'), 'something else\n');
  const again = await lftp(f.port, 'put running-config', work);
  assert.notEqual(again.code, 0, 'overwrite refused');
  assert.equal(readFileSync(path.join(f.inbox, 'running-config'), 'utf8'), 'hostname R1\n!\nend\n');
  assert.deepEqual(readdirSync(f.inbox), ['running-config']);

  const traversal = await lftp(f.port, 'get ../inbox/running-config -o stolen', work);
  assert.notEqual(traversal.code, 0);
  assert.ok(f.events.some((e) => e.type === 'refused' && e.reason === 'unsafe-name'));
});
