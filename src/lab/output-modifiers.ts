// IOS output modifiers after a `|`: include, exclude, begin, section and count, abbreviated like any
// keyword (`| i`, `| inc`, `| sec`). The pattern is the rest of the line, spaces included, matched
// case-sensitively as an IOS regular expression: POSIX-like, plus `_` for a delimiter (start or end
// of line, space, comma, braces, parentheses).

export type ModifierKind = 'include' | 'exclude' | 'begin' | 'section' | 'count';

export interface OutputModifier {
  kind: ModifierKind;
  pattern: RegExp;
}

export type ModifierParse =
  | { kind: 'none' }
  | { kind: 'ok'; command: string; modifier: OutputModifier }
  /** Column of the word IOS would put its `^` under. */
  | { kind: 'invalid'; column: number }
  | { kind: 'incomplete' };

const supported: ModifierKind[] = ['include', 'exclude', 'begin', 'section', 'count'];
/** What IOS offers after `|` that the lab does not do: a unique prefix of these is not an abbreviation of ours. */
const others = ['append', 'format', 'redirect', 'tee'];

/**
 * Whether a quantified group holds a quantifier or an alternation (`(a+)+`, `(a|ab)*`): the shapes that
 * make a backtracking engine exponential. The pattern comes from whoever is logged in to the lab, and
 * V8 has no linear-time engine by default, so such a pattern is matched literally instead.
 */
export function hasNestedQuantifier(pattern: string): boolean {
  const open: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') open.push(false);
    else if (c === ')') {
      const risky = open.pop() ?? false;
      const next = pattern[i + 1];
      if (risky && (next === '*' || next === '+' || next === '?' || next === '{')) return true;
      // A group with a quantifier inside makes its enclosing group risky too.
      if (risky && open.length) open[open.length - 1] = true;
    } else if ((c === '*' || c === '+' || c === '?' || c === '{' || c === '|') && open.length) open[open.length - 1] = true;
  }
  return false;
}

const literally = (pattern: string) => new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** Turns an IOS regular expression into a JavaScript one (IOS's `_` is a delimiter). */
export function iosRegex(pattern: string): RegExp {
  if (hasNestedQuantifier(pattern)) return literally(pattern);
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      out += c + pattern[++i];
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    out += c === '_' && !inClass ? '(?:^|$|[\\s,{}()])' : c;
  }
  try {
    return new RegExp(out);
  } catch {
    // IOS takes a pattern it cannot compile literally rather than refusing the command.
    return literally(pattern);
  }
}

export function splitModifier(line: string): ModifierParse {
  const bar = line.indexOf('|');
  if (bar < 0) return { kind: 'none' };
  const command = line.slice(0, bar);
  const rest = line.slice(bar + 1);
  const m = /^(\s*)(\S+)(?:\s(.*))?$/.exec(rest);
  if (!m) return { kind: 'incomplete' };
  const word = m[2]!.toLowerCase();
  const column = bar + 1 + m[1]!.length;
  const matches = [...supported, ...others].filter((k) => k.startsWith(word));
  if (matches.length !== 1 || !supported.includes(matches[0] as ModifierKind)) return { kind: 'invalid', column };
  const pattern = m[3]?.trim() ?? '';
  if (pattern === '') return { kind: 'incomplete' };
  return { kind: 'ok', command, modifier: { kind: matches[0] as ModifierKind, pattern: iosRegex(pattern) } };
}

function indent(line: string): number {
  return /^ */.exec(line)![0].length;
}

/** The command's output as the modifier lets it through (line ends kept as LF). */
export function applyModifier(text: string, mod: OutputModifier): string {
  const trailing = text.endsWith('\n');
  const lines = (trailing ? text.slice(0, -1) : text).split('\n');
  let out: string[];
  switch (mod.kind) {
    case 'include':
      out = lines.filter((l) => mod.pattern.test(l));
      break;
    case 'exclude':
      out = lines.filter((l) => !mod.pattern.test(l));
      break;
    case 'begin': {
      const at = lines.findIndex((l) => mod.pattern.test(l));
      out = at < 0 ? [] : lines.slice(at);
      break;
    }
    case 'section': {
      // A matching line and every following line indented deeper than it (its sub-mode lines).
      out = [];
      for (let i = 0; i < lines.length; i++) {
        if (!mod.pattern.test(lines[i]!)) continue;
        const level = indent(lines[i]!);
        out.push(lines[i]!);
        while (i + 1 < lines.length && lines[i + 1]!.trim() !== '' && indent(lines[i + 1]!) > level) out.push(lines[++i]!);
      }
      break;
    }
    case 'count':
      return `Number of lines which match regexp = ${lines.filter((l) => mod.pattern.test(l)).length}\n`;
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
