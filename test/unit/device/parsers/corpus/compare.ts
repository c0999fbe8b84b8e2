// How a corpus case is compared: a comparator per upstream parser maps that project's field names
// to ours once, and checks every field we model that the upstream parse also has.
import assert from 'node:assert/strict';
import type { PyValue } from '../../../../helpers/python-literal';
import type { CorpusCase } from './corpus';

export type Comparator = (c: CorpusCase) => CompareResult;

export type CompareResult =
  /** Fields compared (e.g. `hostname`, `stack[2].mode`), so a test that compared nothing fails. */
  | { compared: string[] }
  /** The file cannot be compared: the reason goes into the test's name. */
  | { notComparable: string };

/** Collects field comparisons: `eq(ours, theirs, field)` asserts and records the field's name. */
export class FieldCheck {
  readonly compared: string[] = [];

  constructor(readonly label: string) {}

  /**
   * Compares when upstream has the field (theirs !== undefined); ours must then equal it. Upstream's
   * None (a field it saw but found empty) means ours must be absent.
   */
  eq(ours: unknown, theirs: PyValue | undefined, field: string): void {
    if (theirs === undefined) return;
    assert.deepEqual(ours, theirs === null ? undefined : theirs, `${this.label}: ${field}`);
    this.compared.push(field);
  }

  result(): CompareResult {
    return { compared: this.compared };
  }
}

/** `d[k1][k2]…`, undefined when any step is missing. */
export function at(d: PyValue | undefined, ...keys: (string | number)[]): PyValue | undefined {
  let cur: PyValue | undefined = d;
  for (const k of keys) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, PyValue>)[String(k)];
  }
  return cur;
}

export function asDict(v: PyValue | undefined): Record<string, PyValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, PyValue>) : {};
}
