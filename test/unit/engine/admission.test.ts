// FTP admission at accept time: per address, the not-logged-in budget, the total, and peers with
// an offer let in over the shared budgets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionAdmission } from '../../../src/engine/admission';

const limits = { maxConnections: 4, maxConnectionsPerAddress: 2, maxUnauthenticated: 3 };

test('a peer nothing is for is refused as wrong-peer', () => {
  const d = new ConnectionAdmission(limits).admit('10.0.0.2', { reason: 'wrong-peer', detail: 'not allowed' });
  assert.ok(!d.ok && d.reason === 'wrong-peer' && d.refusal === 'not-for-this-address');
});

test('per-address limit, then the not-logged-in budget, then the total; releases give slots back', () => {
  const a = new ConnectionAdmission(limits);
  const s1 = a.admit('10.0.0.2', 'static');
  const s2 = a.admit('10.0.0.2', 'static');
  const over = a.admit('10.0.0.2', 'static');
  assert.ok(s1.ok && s2.ok && !over.ok && over.refusal === 'per-address' && over.reason === 'busy');
  const s3 = a.admit('10.0.0.3', 'static');
  const s4 = a.admit('10.0.0.3', 'static');
  assert.ok(s3.ok && !s4.ok && s4.refusal === 'waiting');
  if (!s1.ok || !s2.ok || !s3.ok) return;
  s1.slot.loggedIn();
  s2.slot.loggedIn();
  const s5 = a.admit('10.0.0.4', 'static');
  assert.ok(s5.ok);
  const s6 = a.admit('10.0.0.5', 'static');
  assert.ok(!s6.ok && s6.refusal === 'total', 'four connections in all');
  s1.slot.release();
  s1.slot.release(); // idempotent
  assert.deepEqual(a.counts, { total: 3, unauthenticated: 2, addresses: 3 });
  assert.ok(a.admit('10.0.0.5', 'static').ok);
});

test('a peer with an offer is let in over the total and the not-logged-in budget, not over its own address limit', () => {
  const a = new ConnectionAdmission(limits);
  for (const peer of ['10.0.0.2', '10.0.0.3', '10.0.0.4']) assert.ok(a.admit(peer, 'static').ok);
  assert.ok(!a.admit('10.0.0.5', 'static').ok);
  assert.ok(a.admit('10.0.0.9', 'offer').ok);
  assert.ok(a.admit('10.0.0.9', 'offer').ok);
  const third = a.admit('10.0.0.9', 'offer');
  assert.ok(!third.ok && third.refusal === 'per-address');
});
