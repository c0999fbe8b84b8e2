// The webview → host messages are validated before the host acts on them: a table of valid and
// hostile inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../../src/ui/transfers/protocol';

const cases: { title: string; input: unknown; expected: unknown }[] = [
  { title: 'ready', input: { type: 'ready' }, expected: { type: 'ready' } },
  { title: 'ready with extra fields drops them', input: { type: 'ready', evil: 1 }, expected: { type: 'ready' } },
  { title: 'cancel', input: { type: 'cancel', id: 'job-3' }, expected: { type: 'cancel', id: 'job-3' } },
  { title: 'cancel without id', input: { type: 'cancel' }, expected: undefined },
  { title: 'cancel with a non-string id', input: { type: 'cancel', id: 3 }, expected: undefined },
  { title: 'cancel with an id full of markup', input: { type: 'cancel', id: '<img src=x>' }, expected: undefined },
  { title: 'confirm plain', input: { type: 'confirm', id: 'job-1' }, expected: { type: 'confirm', id: 'job-1' } },
  { title: 'confirm typed', input: { type: 'confirm', id: 'job-1', typedHostname: 'R1' }, expected: { type: 'confirm', id: 'job-1', typedHostname: 'R1' } },
  { title: 'confirm with a non-string hostname', input: { type: 'confirm', id: 'job-1', typedHostname: ['R1'] }, expected: undefined },
  { title: 'confirm with an oversized hostname', input: { type: 'confirm', id: 'job-1', typedHostname: 'x'.repeat(300) }, expected: undefined },
  { title: 'decline', input: { type: 'decline', id: 'job-1' }, expected: { type: 'decline', id: 'job-1' } },
  { title: 'show-log', input: { type: 'show-log', id: 'job-1' }, expected: { type: 'show-log', id: 'job-1' } },
  { title: 'clear-finished', input: { type: 'clear-finished' }, expected: { type: 'clear-finished' } },
  { title: 'unknown type', input: { type: 'run-command', command: 'erase flash:' }, expected: undefined },
  { title: 'a host message echoed back', input: { type: 'snapshot', jobs: [] }, expected: undefined },
  { title: 'null', input: null, expected: undefined },
  { title: 'a string', input: 'ready', expected: undefined },
  { title: 'an array', input: [{ type: 'ready' }], expected: undefined },
];

for (const c of cases) {
  test(`parseWebviewMessage: ${c.title}`, () => {
    assert.deepEqual(parseWebviewMessage(c.input), c.expected);
  });
}
