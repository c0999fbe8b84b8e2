import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSessionConfig, type SendState, sendStep, type SessionInput, startSend } from '../../../../src/engine/tftp/session';

// The send session fills its window into the state object a step has just created (to spare a copy
// per ACK). A state the caller already holds must never change: freeze every state handed in.

const peer = { address: '127.0.0.1', port: 40000 };

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Buffer.isBuffer(o) && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

test('send session: no step changes the state it was given (window, partial ACK, timeouts, late reads, OACK)', () => {
  for (const oack of [new Map<string, string>(), new Map([['windowsize', '4']])]) {
    const config = { ...defaultSessionConfig, blockSize: 512, windowSize: 4 };
    let state: SendState = startSend(peer, config, oack, 0).state;
    const ack = (block: number, now: number): SessionInput => ({ type: 'packet', packet: { op: 'ack', block }, from: peer, now });
    const inputs: SessionInput[] = [
      { type: 'blocks-available', upTo: 6, now: 1 },
      ack(0, 2),
      ack(2, 3), // partial: 3 and 4 lost
      { type: 'timeout', now: 50 },
      { type: 'blocks-available', upTo: 20, last: 20, now: 51 },
      ack(6, 52),
      ack(6, 53), // duplicate
      { type: 'timeout', now: 2000 },
      ack(5, 2001), // repeated ACK of the previous block, an RTO after: a go-back
    ];
    const step = (input: SessionInput) => {
      const before = JSON.stringify(state);
      deepFreeze(state);
      const r = sendStep(state, input);
      assert.equal(JSON.stringify(state), before, `${input.type} left the old state alone`);
      state = r.state;
    };
    for (const input of inputs) step(input);
    // Then every window acknowledged whole (it grows back by one each time) until the end.
    for (let i = 0; state.phase !== 'done' && i < 40; i++) step(ack(state.sent, 3000 + i));
    assert.equal(state.phase, 'done');
    assert.equal(state.acked, 20);
  }
});
