// Reads the Python literals genieparser keeps beside its golden outputs (`expected_output = {...}`):
// dicts, lists, tuples, strings (adjacent ones concatenated, as Python does), numbers, True/False/None
// and comments. Enough of Python's literal grammar for those files, and strict about the rest.

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export class PythonLiteralError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = new.target.name;
  }
}

/** The value assigned to `name` in `source` (`expected_output = {...}`). */
export function readPythonAssignment(source: string, name = 'expected_output'): PyValue {
  const m = new RegExp(`^${name}\\s*=\\s*`, 'm').exec(source);
  if (!m) throw new PythonLiteralError(`no assignment to ${name}`, 0);
  const p = new Parser(source, m.index + m[0].length);
  const v = p.value();
  p.skip();
  if (p.pos < source.length) throw new PythonLiteralError('text after the literal', p.pos);
  return v;
}

export function parsePythonLiteral(source: string): PyValue {
  const p = new Parser(source, 0);
  const v = p.value();
  p.skip();
  if (p.pos < source.length) throw new PythonLiteralError('text after the literal', p.pos);
  return v;
}

class Parser {
  constructor(
    readonly s: string,
    public pos: number,
  ) {}

  skip(): void {
    for (;;) {
      const c = this.s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\\') this.pos++;
      else if (c === '#') while (this.pos < this.s.length && this.s[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  value(): PyValue {
    this.skip();
    const c = this.s[this.pos];
    if (c === '{') return this.dict();
    if (c === '[') return this.seq('[', ']');
    if (c === '(') return this.seq('(', ')');
    if (c === '"' || c === "'" || ((c === 'r' || c === 'u' || c === 'b') && /["']/.test(this.s[this.pos + 1] ?? ''))) return this.strings();
    const word = /^(True|False|None)\b/.exec(this.s.slice(this.pos, this.pos + 6));
    if (word) {
      this.pos += word[1]!.length;
      return word[1] === 'True' ? true : word[1] === 'False' ? false : null;
    }
    const num = /^-?(?:\d[\d_]*)(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (num) {
      this.pos += num[0].length;
      return Number(num[0].replace(/_/g, ''));
    }
    throw new PythonLiteralError(`unexpected ${JSON.stringify(c ?? 'end of text')}`, this.pos);
  }

  dict(): { [key: string]: PyValue } {
    this.pos++;
    const out: { [key: string]: PyValue } = {};
    for (;;) {
      this.skip();
      if (this.s[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const key = this.value();
      if (typeof key === 'object' && key !== null) throw new PythonLiteralError('a dict key that is not a scalar', this.pos);
      this.skip();
      if (this.s[this.pos] !== ':') throw new PythonLiteralError('expected ":"', this.pos);
      this.pos++;
      out[String(key)] = this.value();
      this.skip();
      if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== '}') throw new PythonLiteralError('expected "," or "}"', this.pos);
    }
  }

  seq(open: string, close: string): PyValue[] {
    this.pos++;
    const out: PyValue[] = [];
    for (;;) {
      this.skip();
      if (this.s[this.pos] === close) {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.skip();
      if (this.s[this.pos] === ',') this.pos++;
      else if (this.s[this.pos] !== close) throw new PythonLiteralError(`expected "," or "${close}" after an item of "${open}"`, this.pos);
    }
  }

  /** One or more adjacent string literals, concatenated. */
  strings(): string {
    let out = '';
    for (;;) {
      out += this.string();
      const save = this.pos;
      this.skip();
      const c = this.s[this.pos];
      if (c === '"' || c === "'" || ((c === 'r' || c === 'u') && /["']/.test(this.s[this.pos + 1] ?? ''))) continue;
      this.pos = save;
      return out;
    }
  }

  string(): string {
    let raw = false;
    while (/[rRuUbB]/.test(this.s[this.pos]!)) {
      if (/[rR]/.test(this.s[this.pos]!)) raw = true;
      this.pos++;
    }
    const q = this.s[this.pos]!;
    const triple = this.s.startsWith(q.repeat(3), this.pos);
    const end = triple ? q.repeat(3) : q;
    this.pos += end.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) throw new PythonLiteralError('unterminated string', this.pos);
      if (this.s.startsWith(end, this.pos)) {
        this.pos += end.length;
        return out;
      }
      const c = this.s[this.pos]!;
      if (c === '\\' && !raw) {
        const e = this.s[this.pos + 1]!;
        this.pos += 2;
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
        if (e in simple) out += simple[e];
        else if (e === 'x' || e === 'u' || e === 'U') {
          const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(this.s.slice(this.pos, this.pos + len), 16));
          this.pos += len;
        } else out += `\\${e}`;
        continue;
      }
      if (c === '\n' && !triple) throw new PythonLiteralError('newline in a string', this.pos);
      out += c;
      this.pos++;
    }
  }
}
