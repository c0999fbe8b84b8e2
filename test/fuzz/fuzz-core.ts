// A small seeded fuzzer: mutations of real inputs (fixtures, valid packets) — bit flips, truncation,
// insertion, repetition, `..`, `%2e`, CRLF, NUL, huge numbers, long runs — fed to one target at a
// time. Input number i of a run is a function of (seed, target, i) alone, so one failure is
// reproduced without replaying the run: `npm run fuzz -- --target T --seed S --index I`.
import { prng } from '../helpers/prng';

export type FuzzInput = string | Buffer;

export interface FuzzTarget<I extends FuzzInput = FuzzInput> {
  name: string;
  kind: I extends string ? 'text' : 'bytes';
  /** Real inputs to mutate (never empty). */
  seeds: () => I[];
  /** Tokens worth inserting for this target (its keywords, separators). */
  dictionary?: string[];
  /**
   * Feeds one input. Returns normally, or throws: the target's documented error type is caught
   * inside (it is not a failure); anything escaping, including a FuzzInvariantError, is.
   */
  run: (input: I) => void;
  /**
   * How many times run() puts the whole input through the code under test (a whole-input pass and a
   * chunked one, or several readers over every line). The budget is per pass: each pass is one call
   * an input of that size could cost the event loop. Default 1.
   */
  passes?: number;
}

/** An invariant the output broke (thrown by a target's run). */
export class FuzzInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FuzzFailure {
  target: string;
  seed: number;
  index: number;
  kind: 'exception' | 'invariant' | 'slow';
  message: string;
  cpuMs?: number;
  /** The input, base64 (bytes) or as text. */
  input: string;
  encoding: 'utf8' | 'base64';
}

/** The largest input the fuzzer builds: the budget is stated for inputs up to 64 KB. */
export const maxInputBytes = 65_536;
/** No input may take a target longer than this (CPU time, see cpuMsOf). */
export const budgetMs = 50;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const run = (n: number, s: string) => s.repeat(n);

/** Tokens every target gets: path tricks, line ends, control bytes, huge numbers, long runs. */
export const commonDictionary = [
  '..', '../', '%2e', '%2e%2e/', '%00', '\r\n', '\r', '\n', '\0', '\t', '\x1b[2J', '\x08', '\u2028', 'é', '\xff',
  '9'.repeat(20), '9'.repeat(400), '-1', '0', '4294967296', '1e999', '0x', 'NaN',
  ':', '::::', '/', '//', '"', "'", '(', ')', '[', ']', '?', '%', '!', '.', ',', ';', '=', '#', '>', '*',
];

/** Runs worth repeating: the shapes that made parsers super-linear (issue 15). */
const longRuns = [' ', '\t', '0', '9', ':', '/', '.', '!', '!!!!x', 'a:', 'nvram:', ' from ', '(via ', '): ', '%Error ', '...', 'e', 'v', '[', '?', '-', ', '];

/** The i-th input of target t under seed. */
export function inputAt<I extends FuzzInput>(t: FuzzTarget<I>, seeds: I[], seed: number, index: number): I {
  const rnd = prng(hash(`${seed}:${t.name}:${index}`));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const base = pick(seeds);
  const dictionary = [...commonDictionary, ...(t.dictionary ?? [])];
  let s = typeof base === 'string' ? base : base.toString('latin1');
  // Every tenth input is a seed as is or nearly so; the rest stack one to four mutations.
  const n = index % 10 === 0 ? Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < n; k++) s = mutate(s, rnd, pick, dictionary, seeds);
  if (s.length > maxInputBytes) s = s.slice(0, maxInputBytes);
  return (typeof base === 'string' ? s : Buffer.from(s, 'latin1')) as I;
}

function mutate(s: string, rnd: () => number, pick: <T>(a: readonly T[]) => T, dictionary: string[], seeds: FuzzInput[]): string {
  const at = () => Math.floor(rnd() * (s.length + 1));
  switch (Math.floor(rnd() * 11)) {
    case 0: {
      // Flip one bit of one character (of one byte, for binary inputs).
      if (s.length === 0) return s;
      const i = Math.floor(rnd() * s.length);
      return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (1 << Math.floor(rnd() * 8))) + s.slice(i + 1);
    }
    case 1:
      return s.slice(0, at());
    case 2:
      return s.slice(at());
    case 3: {
      const i = at();
      return s.slice(0, i) + pick(dictionary) + s.slice(i);
    }
    case 4: {
      // Repeat a slice (a line, a field) up to 64 KB.
      const i = at();
      const len = 1 + Math.floor(rnd() * 40);
      const piece = s.slice(i, i + len) || pick(dictionary);
      const times = Math.min(Math.floor(maxInputBytes / piece.length) - 1, 1 + Math.floor(rnd() ** 3 * 5000));
      return s.slice(0, i) + run(Math.max(1, times), piece) + s.slice(i);
    }
    case 5: {
      // A long run of one of the shapes that made patterns backtrack.
      const i = at();
      const piece = pick(longRuns);
      return s.slice(0, i) + run(Math.floor((rnd() * maxInputBytes) / 2 / piece.length), piece) + s.slice(i);
    }
    case 6: {
      const i = at();
      return s.slice(0, i) + s.slice(i + 1 + Math.floor(rnd() * 64));
    }
    case 7: {
      // Duplicate or drop a whole line.
      const lines = s.split('\n');
      const i = Math.floor(rnd() * lines.length);
      if (rnd() < 0.5) lines.splice(i, 0, lines[i]!);
      else lines.splice(i, 1);
      return lines.join('\n');
    }
    case 8: {
      // Splice with another seed.
      const other = pick(seeds);
      const o = typeof other === 'string' ? other : other.toString('latin1');
      return s.slice(0, at()) + o.slice(Math.floor(rnd() * (o.length + 1)));
    }
    case 9: {
      // Replace a digit run with a huge or odd number.
      const m = /\d+/.exec(s.slice(at()));
      if (!m) return s + pick(dictionary);
      const i = s.indexOf(m[0]);
      return s.slice(0, i) + pick(['9'.repeat(25), '0'.repeat(30), '18446744073709551616', '00', '65536', '4294967295']) + s.slice(i + m[0].length);
    }
    default:
      // Line ends: CRLF everywhere, or CR only.
      return rnd() < 0.5 ? s.replace(/\n/g, '\r\n') : s.replace(/\n/g, '\r');
  }
}

/** CPU time (user + system) of fn in ms: what a slow parser costs the event loop, not wall time. */
export function cpuMsOf(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/**
 * Runs one input; returns the failure, if any. Over budget, the input is run twice more and the
 * fastest run counts: a GC pause or a compile of the process's other threads lands in one run, a
 * super-linear pattern in all three.
 */
export function runOne<I extends FuzzInput>(t: FuzzTarget<I>, input: I, seed: number, index: number): FuzzFailure | undefined {
  const fail = (kind: FuzzFailure['kind'], message: string, cpuMs?: number): FuzzFailure => ({
    target: t.name,
    seed,
    index,
    kind,
    message,
    ...(cpuMs !== undefined ? { cpuMs } : {}),
    input: typeof input === 'string' ? input : input.toString('base64'),
    encoding: typeof input === 'string' ? 'utf8' : 'base64',
  });
  let ms: number;
  try {
    ms = cpuMsOf(() => t.run(input));
  } catch (e) {
    return fail(e instanceof FuzzInvariantError ? 'invariant' : 'exception', e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 500) : String(e));
  }
  const passes = t.passes ?? 1;
  const budget = budgetMs * passes;
  if (ms > budget) {
    ms = Math.min(ms, cpuMsOf(() => t.run(input)), cpuMsOf(() => t.run(input)));
    if (ms > budget) return fail('slow', `took ${ms.toFixed(1)} ms of CPU for ${passes} pass${passes > 1 ? 'es' : ''} (budget ${budgetMs} ms a pass)`, ms);
  }
  return undefined;
}

/** Runs `count` inputs of target t from `seed`; returns the failures (at most `maxFailures`). */
export function fuzzTarget<I extends FuzzInput>(t: FuzzTarget<I>, seed: number, count: number, maxFailures = 5, from = 0): FuzzFailure[] {
  const seeds = t.seeds();
  if (seeds.length === 0) throw new Error(`${t.name}: no seed inputs`);
  const failures: FuzzFailure[] = [];
  // The seeds themselves first: a real input that fails is the clearest report.
  if (from === 0) {
    for (const s of seeds) {
      const f = runOne(t, s, seed, -1);
      if (f) failures.push(f);
      if (failures.length >= maxFailures) return failures;
    }
  }
  for (let i = from; i < from + count; i++) {
    const f = runOne(t, inputAt(t, seeds, seed, i), seed, i);
    if (f) failures.push(f);
    if (failures.length >= maxFailures) break;
  }
  return failures;
}
