// The job log's redactor: every configured secret, however short, and its URL-encoded form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobLog } from '../../../src/jobs/job-log';

test('every configured secret is redacted, however short', () => {
  const log = new JobLog();
  log.addSecret('q7');
  log.addSecret('x');
  log.add('sent', 'copy ftp://iim-1:q7@10.0.0.1/img.bin flash: (x)');
  assert.equal(log.lines[0].text, 'copy ftp://iim-1:*****@10.0.0.1/img.bin flash: (*****)');
});

test('a secret that contains another is hidden whole; URL-encoded forms too', () => {
  const log = new JobLog();
  log.addSecret('ab');
  log.addSecret('ab/cd');
  log.add('note', 'pw ab/cd and ab%2Fcd and ab');
  assert.equal(log.lines[0].text, 'pw ***** and ***** and *****');
});

test('an empty or absent secret is ignored', () => {
  const log = new JobLog();
  log.addSecret('');
  log.addSecret(undefined);
  log.add('note', 'nothing hidden');
  assert.equal(log.lines[0].text, 'nothing hidden');
});
