import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendTerminalText, cleanReply } from '../../../src/device/terminal-text';

test('CRLF becomes LF and backspaces erase --More-- as IOS does', () => {
  let t = appendTerminalText('', 'line 1\r\n --More-- ');
  t = appendTerminalText(t, '\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bline 2\r\n');
  assert.equal(t, 'line 1\nline 2\n');
});

test('cleanReply drops the echo and the final prompt', () => {
  assert.equal(cleanReply('show clock\n*10:00:00 UTC\nR1#', 'show clock', 'R1#'.length), '*10:00:00 UTC');
  assert.equal(cleanReply('terminal length 0\nR1#', 'terminal length 0', 3), '');
});
