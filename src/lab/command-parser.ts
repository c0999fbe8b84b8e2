// IOS command-line matching: keywords may be abbreviated to any unique prefix (`sh ver`, `conf t`,
// `wr mem`), an ambiguous prefix is refused, and a mismatch is located to the character so the
// shell can draw IOS's `^` marker under it.

type Token = { kw: string } | { arg: 'WORD' | 'LINE'; optional: boolean };

export interface CommandSpec<T> {
  tokens: Token[];
  value: T;
}

export type MatchResult<T> =
  | { kind: 'ok'; value: T; args: string[] }
  | { kind: 'invalid'; column: number }
  | { kind: 'ambiguous'; word: string }
  | { kind: 'incomplete' }
  | { kind: 'empty' };

/** `show file systems`, `dir [WORD]`, `copy LINE` — upper-case words are arguments, brackets optional. */
export function spec<T>(pattern: string, value: T): CommandSpec<T> {
  const tokens: Token[] = pattern.split(/\s+/).map((w) => {
    const optional = w.startsWith('[');
    const bare = w.replace(/^\[|\]$/g, '');
    if (bare === 'WORD' || bare === 'LINE') return { arg: bare, optional };
    return { kw: bare.toLowerCase() };
  });
  return { tokens, value };
}

export function tokenize(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ text: m[0], start: m.index });
  return out;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function matchCommand<T>(specs: readonly CommandSpec<T>[], line: string): MatchResult<T> {
  const words = tokenize(line);
  if (words.length === 0) return { kind: 'empty' };
  let alive = specs.map((s) => ({ s, args: [] as string[], done: false }));
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const lower = word.text.toLowerCase();
    const open = alive.filter((c) => !c.done && i < c.s.tokens.length);
    const kwAt = (c: (typeof open)[number]) => c.s.tokens[i] as { kw?: string };
    const exact = open.filter((c) => kwAt(c).kw === lower);
    let next = exact;
    if (next.length === 0) {
      const prefixed = open.filter((c) => kwAt(c).kw?.startsWith(lower));
      const names = new Set(prefixed.map((c) => kwAt(c).kw));
      if (names.size === 1) next = prefixed;
      else if (names.size > 1) return { kind: 'ambiguous', word: word.text };
    }
    if (next.length === 0) next = open.filter((c) => 'arg' in c.s.tokens[i]);
    if (next.length === 0) {
      const best = Math.max(0, ...open.map((c) => (kwAt(c).kw ? commonPrefix(kwAt(c).kw as string, lower) : 0)));
      return { kind: 'invalid', column: word.start + Math.min(best, word.text.length - 1) };
    }
    alive = next.map((c) => {
      const t = c.s.tokens[i];
      if ('arg' in t) {
        if (t.arg === 'LINE') return { s: c.s, args: [...c.args, line.slice(word.start).trimEnd()], done: true };
        return { s: c.s, args: [...c.args, word.text], done: false };
      }
      return { s: c.s, args: c.args, done: false };
    });
    if (alive.every((c) => c.done)) break;
  }
  const consumed = (c: (typeof alive)[number]) => (c.done ? c.s.tokens.findIndex((t) => 'arg' in t && t.arg === 'LINE') + 1 : words.length);
  const complete = alive.filter((c) => c.s.tokens.slice(consumed(c)).every((t) => 'arg' in t && t.optional));
  if (complete.length === 0) return { kind: 'incomplete' };
  const best = complete.sort((a, b) => a.s.tokens.length - b.s.tokens.length)[0];
  return { kind: 'ok', value: best.s.value, args: best.args };
}
