import assert from 'node:assert/strict';
import { test } from 'node:test';
import { denialReply, epsvReply, formatReply, mdtmReply, pasvReply, pwdReply, reply, replies } from '../../../../src/engine/ftp/replies';

const cases: { title: string; input: ReturnType<typeof reply>; expected: string }[] = [
  { title: 'single line', input: reply('ready'), expected: '220 IOS Image Manager FTP server ready\r\n' },
  { title: 'FEAT is multi-line (RFC 2389)', input: reply('features'), expected: '211-Features:\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n UTF8\r\n211 End\r\n' },
  { title: 'PASV', input: pasvReply('127.0.0.1', 50001), expected: '227 Entering Passive Mode (127,0,0,1,195,81)\r\n' },
  { title: 'EPSV', input: epsvReply(50001), expected: '229 Entering Extended Passive Mode (|||50001|)\r\n' },
  { title: 'PWD doubles quotes', input: pwdReply('/a"b'), expected: '257 "/a""b" is the current directory\r\n' },
  { title: 'MDTM in UTC', input: mdtmReply(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), expected: '213 20240102030405\r\n' },
  { title: 'a refused name cannot inject a reply line', input: denialReply('not-found', 'x\r\n230 ok'), expected: '550 x\\x0d\\x0a230 ok: No such file or not offered to you\r\n' },
  { title: 'a middle line that looks final is indented', input: { code: 211, lines: ['a', '211 b', 'c'] }, expected: '211-a\r\n 211 b\r\n211 c\r\n' },
];
for (const c of cases) test(`reply: ${c.title}`, () => assert.equal(formatReply(c.input), c.expected));

test('every reply code in the table is a valid FTP code and every text is one line', () => {
  for (const [name, [code, ...lines]] of Object.entries(replies)) {
    assert.ok(code >= 100 && code < 600, name);
    for (const l of lines) assert.ok(!/[\r\n]/.test(l), name);
  }
});

test('denials of every reason are 5xx', () => {
  for (const reason of ['unsafe-name', 'not-found', 'wrong-peer', 'wrong-user', 'expired', 'exhausted', 'exists', 'too-large', 'uploads-disabled'] as const) {
    assert.ok(denialReply(reason, 'f').code >= 500, reason);
  }
});
