// Reads the real device captures in ../shared/fixtures (ntc-templates and Cisco test-automation data,
// Apache-2.0, attribution kept there) at test time, so no fixture text is copied into this repo.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const fixturesRoot = path.resolve(repoRoot, '..', 'shared', 'fixtures');

/** The reason to skip fixture tests, or undefined when the fixtures are on disk. */
export const fixturesMissing = existsSync(path.join(fixturesRoot, 'ntc'))
  ? undefined
  : `fixtures not found at ${fixturesRoot} (they live beside the checkout in ../shared/fixtures)`;

export interface NtcCase {
  name: string;
  raw: string;
  expected: Record<string, unknown>[];
}

/** Every `.raw` file of ntc/<platform>/<command> with the `parsed_sample` of its `.yml`. */
export function ntcCases(platform: string, command: string): NtcCase[] {
  const dir = path.join(fixturesRoot, 'ntc', platform, command);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.raw'))
    .sort()
    .map((f) => {
      const yml = parseYaml(readFileSync(path.join(dir, f.replace(/\.raw$/, '.yml')), 'utf8')) as { parsed_sample: Record<string, unknown>[] };
      return { name: `${platform}/${command}/${f}`, raw: readFileSync(path.join(dir, f), 'utf8'), expected: yml.parsed_sample };
    });
}

/** All ntc .raw files, to check that every one of them is claimed by some test. */
export function allNtcRawFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.raw')) out.push(path.relative(path.join(fixturesRoot, 'ntc'), path.join(d, e.name)));
    }
  };
  walk(path.join(fixturesRoot, 'ntc'));
  return out.sort();
}

const MARKER = '# --- verbatim below this line ---';

/** The verbatim body of transcripts/<name> (everything after the marker line). */
export function transcript(name: string): string {
  const text = readFileSync(path.join(fixturesRoot, 'transcripts', name), 'utf8');
  const at = text.indexOf(MARKER);
  if (at < 0) throw new Error(`${name}: no verbatim marker`);
  return text.slice(text.indexOf('\n', at) + 1);
}

export function transcriptNames(prefix: RegExp): string[] {
  return readdirSync(path.join(fixturesRoot, 'transcripts'))
    .filter((f) => f.endsWith('.txt') && prefix.test(f))
    .sort();
}

/** For transcripts that are unicon/genielibs YAML state machines: the block-scalar `response: |` texts. */
export function yamlResponses(body: string): string[] {
  const lines = body.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(response|preface): \|\d*\s*$/.exec(lines[i]!);
    if (!m) continue;
    const keyIndent = m[1]!.length;
    const block: string[] = [];
    let indent = -1;
    for (i++; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.trim() === '') {
        block.push('');
        continue;
      }
      const ind = l.length - l.trimStart().length;
      if (ind <= keyIndent) break;
      if (indent < 0) indent = ind;
      block.push(l.slice(indent));
    }
    i--;
    out.push(block.join('\n').replace(/\n*$/, '\n'));
  }
  return out;
}

