// Dialogue rules: matching at the end of the text, and no default answer for destructive questions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmRule, enter, findRule, letterRule, line, matchAtEnd, passwordRule, Refuse, type DialogueRule } from '../../../src/device/dialogue';
import { confirmPrompt, flhProceedPrompt, installBootConfigPrompt, installReloadPrompt, installSaveConfigPrompt, reloadConfirmPrompt, reloadSavePrompt } from '../../../src/device/prompts';

const ctx = (count = 0) => ({ command: 'copy tftp: flash:', prompt: '', match: /x/.exec('x') as RegExpExecArray, count });

test('matchAtEnd: only a match followed by whitespace counts, the last one wins', () => {
  assert.ok(matchAtEnd(/\[confirm\]/, 'Proceed? [confirm] '));
  assert.equal(matchAtEnd(/\[confirm\]/, 'Proceed? [confirm]\nnext'), undefined);
  const m = matchAtEnd(/filename \[([^\]]*)\]\?/, 'Source filename [a]? a\nDestination filename [b]? ');
  assert.equal(m?.[1], 'b');
});

test('a caller rule answers its prompt', () => {
  const rules: DialogueRule[] = [{ name: 'destination-filename', prompt: /Destination filename \[[^\]]*\]\?/, answer: () => enter, continue: true }];
  const hit = findRule('Destination filename [c2960x.bin]? ', rules);
  assert.equal(hit?.rule.name, 'destination-filename');
  assert.equal(hit?.rule.answer(ctx()), '\r');
  assert.equal(findRule('Source filename []? ', rules), undefined, 'no rule: no answer');
});

test('a catch-all [confirm] rule cannot answer the erase question: it is refused', () => {
  const catchAll = confirmRule('any-confirm', confirmPrompt, () => true);
  const hit = findRule('Erase flash: before copying? [confirm]', [catchAll]);
  assert.equal(hit?.rule.name, 'erase-flash');
  const answer = hit?.rule.answer(ctx());
  assert.ok(answer instanceof Refuse);
  assert.match(answer.reason, /no default answer/);
});

test('the overwrite question too; a rule named for it does answer it', () => {
  const text = '%Warning:There is a file already existing with this name\nDo you want to over write? [confirm]';
  assert.ok(findRule(text, [confirmRule('any', confirmPrompt, () => true)])?.rule.answer(ctx()) instanceof Refuse);
  const named = confirmRule('overwrite', /Do you want to over write\? \[confirm\]/, () => false);
  assert.equal(findRule(text, [named])?.rule.answer(ctx()), 'n');
});

test("the Flash Load Helper's Proceed? is destructive (it erases flash after a reload); a reload's Proceed is not taken for it", () => {
  const notice = '\n                         ****  NOTICE  ****\nFlash load helper v1.0\n(notice text)\n                         ---- ******** ----\nProceed? [confirm]';
  const hit = findRule(notice, [confirmRule('any-confirm', confirmPrompt, () => true)]);
  assert.equal(hit?.rule.name, 'flh-reload');
  assert.ok(hit?.rule.answer(ctx()) instanceof Refuse);
  assert.equal(matchAtEnd(flhProceedPrompt, 'Proceed with reload? [confirm]'), undefined);
  assert.equal(matchAtEnd(flhProceedPrompt, 'System configuration has been modified. Save? [yes/no]: \nProceed? [confirm]'), undefined, 'only after the FLH notice');
});

test('passwordRule answers once and refuses the second time (wrong secret)', () => {
  const rule = passwordRule('s3cret');
  assert.equal(rule.answer(ctx(0)), line('s3cret'));
  const again = rule.answer(ctx(1));
  assert.ok(again instanceof Refuse);
  assert.equal(again.reply, '\r');
});

test('install mode and reload: the questions that reload the device or delete files have no default answer; a rule named for them answers with a letter', () => {
  const catchAll: DialogueRule = { name: 'any-question', prompt: /\] ?$/, answer: () => line('y'), continue: true };
  const cases: [string, string][] = [
    ['reload', 'Reload command is being issued on Active unit, this will reload the whole stack\nProceed with reload? [confirm]'],
    ['install-reload', '/flash/cat9k-wlc.17.09.05.SPA.pkg\n\nThis operation may require a reload of the system. Do you want to proceed? [y/n]'],
    ['install-remove', 'The following files will be deleted:\n    [R0]: /flash/cat9k_iosxe.17.09.04a.SPA.bin\n\nDo you want to remove the above files? [y/n]'],
  ];
  for (const [name, text] of cases) {
    const hit = findRule(text, [catchAll]);
    assert.equal(hit?.rule.name, name, name);
    assert.ok(hit?.rule.answer(ctx()) instanceof Refuse, name);
  }
  const yes = letterRule('install-reload', installReloadPrompt, () => 'y');
  assert.equal(findRule(cases[1]![1], [yes])?.rule.answer(ctx()), 'y\r');
  const save = letterRule('save-config', installSaveConfigPrompt, () => 'q');
  assert.equal(findRule('Press Quit(q) to exit, you may save configuration and re-enter the command. [y/n/q]', [save])?.rule.answer(ctx()), 'q\r');
  assert.ok(matchAtEnd(installBootConfigPrompt, 'Please confirm you have changed boot config to flash:packages.conf [y/n]'));
  assert.ok(matchAtEnd(reloadSavePrompt, 'System configuration has been modified. Save? [yes/no]: '));
  assert.ok(matchAtEnd(reloadConfirmPrompt, 'Proceed with reload? [confirm]'));
  assert.equal(matchAtEnd(installReloadPrompt, 'This operation may require a reload of the system. Do you want to proceed? [y/n]y\n'), undefined, 'answered: no longer a prompt');
});
