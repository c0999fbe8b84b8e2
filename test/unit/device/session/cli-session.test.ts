// The CLI session against the simulated lab over real SSH: prompt detection, enable, paging,
// dialogue rules, unknown prompts, timeouts, dropped connections, the per-device queue.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CommandRejectedError,
  CommandTimeoutError,
  ConnectionLostError,
  type DialogueRule,
  EnableError,
  enter,
  line,
  SessionClosedError,
  UnknownPromptError,
} from '../../../../src/device';
import { labDevice, labSession } from './lab-fixture';

const opts = { timeout: 30_000 };

test('login lands at host> and enable with the right secret reaches host#', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev);
  assert.equal(s.facts().prompt, 'SW2960X>');
  assert.equal(s.facts().mode, 'user');
  await s.enable(dev.enableSecret);
  assert.equal(s.facts().prompt, 'SW2960X#');
  const out = await s.run('show privilege');
  assert.equal(out, 'Current privilege level is 15', 'echo and prompt removed');
});

test('enable with a wrong secret is an EnableError and the session stays usable at host>', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev);
  await assert.rejects(s.enable('wrong'), (e: unknown) => e instanceof EnableError && e.code === 'E_ENABLE' && /wrong enable secret/.test(e.message));
  assert.equal(s.facts().mode, 'user');
  assert.equal(await s.run('show privilege'), 'Current privilege level is 1');
  await s.enable(dev.enableSecret);
  assert.equal(s.facts().mode, 'privileged');
});

test('enableSecret in the options enables during connect; a privilege-15 user starts at #', opts, async (t) => {
  const dev = await labDevice(t);
  const a = await labSession(t, dev, { enableSecret: dev.enableSecret });
  assert.equal(a.facts().prompt, 'SW2960X#');
  const p = dev.privilegedUser;
  assert.ok(p);
  const b = await labSession(t, dev, { username: p.username, password: p.password });
  assert.equal(b.facts().mode, 'privileged');
});

test('paging is off after connect, and a pager that comes back is answered and cleaned', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
  const full = await s.run('show version');
  assert.ok(full.split('\n').length > 30, 'longer than a page');
  assert.doesNotMatch(full, /--More--/);
  assert.match(full, /\nConfiguration register is 0xF$/);
  await s.run('terminal length 10');
  const paged = await s.run('show version');
  assert.equal(paged, full);
});

test('a rejected command is a CommandRejectedError quoting IOS', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev);
  await assert.rejects(s.run('show verison'), (e: unknown) => e instanceof CommandRejectedError && /% Invalid input detected/.test(e.reason));
  assert.equal(await s.run('show privilege'), 'Current privilege level is 1', 'still usable');
});

test('dialogue rules answer the prompts a command raises', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
  const fs = dev.fileSystem('flash:');
  assert.ok(fs && fs.get('info'));
  const rules: DialogueRule[] = [
    { name: 'delete', prompt: /Delete filename \[[^\]]*\]\?/, answer: () => enter, continue: true },
    { name: 'delete', prompt: /Delete \S+\? \[confirm\]/, answer: () => enter, continue: true },
  ];
  await s.run('delete flash:info', { rules });
  assert.equal(fs.get('info'), undefined, 'deleted');
  const out = await s.run('configure terminal', { rules: [{ name: 'x', prompt: /never/, answer: () => line('x'), continue: true }] });
  assert.match(out, /Enter configuration commands/);
  assert.equal(s.facts().prompt, 'SW2960X(config)#');
  await s.run('end');
  assert.equal(s.facts().prompt, 'SW2960X#');
});

test('a hostname change in config mode is followed', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
  await s.run('configure terminal');
  await s.run('hostname EDGE-1');
  assert.equal(s.facts().prompt, 'EDGE-1(config)#');
  await s.run('end');
  assert.equal(s.facts().prompt, 'EDGE-1#');
  assert.equal(await s.run('show privilege'), 'Current privilege level is 15');
});

test('an unknown prompt stops with the prompt in the error, is backed out of, and the session goes on', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret, promptIdleMs: 300 });
  await assert.rejects(s.run('delete flash:info'), (e: unknown) => {
    assert.ok(e instanceof UnknownPromptError);
    assert.equal(e.prompt.trim(), 'Delete filename [info]?');
    assert.equal(e.command, 'delete flash:info');
    assert.match(e.message, /Delete filename \[info\]\?/);
    return true;
  });
  assert.equal(await s.run('show privilege'), 'Current privilege level is 15');
  assert.ok(dev.fileSystem('flash:')?.get('info'), 'never answered: the file is still there');
});

test('a destructive question is refused even with a catch-all rule, and nothing is deleted', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
  const anything: DialogueRule[] = [{ name: 'anything', prompt: /[?\]] ?$/, answer: () => enter, continue: true }];
  await assert.rejects(s.run('delete flash:info', { rules: anything }), (e: unknown) => (e as { code?: string }).code === 'E_REFUSED');
  assert.ok(dev.fileSystem('flash:')?.get('info'));
  assert.equal(await s.run('show privilege'), 'Current privilege level is 15');
});

test('per-command timeout: CommandTimeoutError naming the command, then the session recovers', opts, async (t) => {
  const dev = await labDevice(t);
  // A long quiet period so the open question is not reported as unknown before the timeout.
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret, promptIdleMs: 20_000 });
  await assert.rejects(s.run('delete flash:info', { timeoutMs: 300 }), (e: unknown) => {
    assert.ok(e instanceof CommandTimeoutError);
    assert.equal(e.command, 'delete flash:info');
    assert.equal(e.timeoutMs, 300);
    assert.match(e.output ?? '', /Delete filename/);
    return true;
  });
  assert.equal(await s.run('show privilege'), 'Current privilege level is 15');
  assert.ok(dev.fileSystem('flash:')?.get('info'));
});

test('commands are serialised: concurrent run() calls come back in order with their own output', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
  const [a, b, c] = await Promise.all([s.run('show privilege'), s.run('show boot'), s.run('dir flash:')]);
  assert.equal(a, 'Current privilege level is 15');
  assert.match(b, /^BOOT path-list/);
  assert.match(c, /^Directory of flash:\//);
});

test('streaming: onOutput sees the output as it arrives', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret });
  const chunks: string[] = [];
  const out = await s.run('show version', { onOutput: (text) => chunks.push(text) });
  assert.ok(chunks.length >= 1);
  assert.ok(chunks.join('').startsWith(out));
});

test('the server going away mid-command is a ConnectionLostError naming the command; later runs fail fast', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev, { enableSecret: dev.enableSecret, promptIdleMs: 20_000 });
  const pending = s.run('delete flash:info', { timeoutMs: 20_000 });
  await new Promise((r) => setTimeout(r, 200));
  await dev.close();
  await assert.rejects(pending, (e: unknown) => e instanceof ConnectionLostError && e.command === 'delete flash:info' && /dropped while 'delete flash:info'/.test(e.message));
  assert.ok(s.isClosed);
  await assert.rejects(s.run('show version'), (e: unknown) => e instanceof ConnectionLostError || e instanceof SessionClosedError);
});

test('run() after close() is a SessionClosedError', opts, async (t) => {
  const dev = await labDevice(t);
  const s = await labSession(t, dev);
  s.close();
  await assert.rejects(s.run('show version'), SessionClosedError);
});
