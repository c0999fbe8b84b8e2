// The corpus of real outputs in ../shared/fixtures/corpus (genieparser golden outputs and
// ntc-templates samples, Apache-2.0, attribution kept there), each with the values those projects
// expect: read at test time from manifest.json, never copied into this repository.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readPythonAssignment, type PyValue } from '../../../../helpers/python-literal';
import { fixturesRoot } from '../fixtures';

export const corpusRoot = path.join(fixturesRoot, 'corpus');
export const corpusMissing = existsSync(path.join(corpusRoot, 'manifest.json')) ? undefined : `corpus not found at ${corpusRoot}`;

export interface CorpusRecord {
  repo: string;
  command: string;
  os: string;
  family: string;
  /** genieparser's class (`ShowVersion`); null for ntc-templates files. */
  parser_class: string | null;
  local_path: string;
  local_expected_path: string;
  local_arguments_path?: string;
}

export interface CorpusCase {
  record: CorpusRecord;
  /** The raw output, exactly as captured. */
  output: string;
  /** genieparser's `expected_output` dict, or ntc-templates' `parsed_sample` list. */
  expected: PyValue;
  /** genie: the parser's arguments (`{"filesystem": "flash-1:"}`), when the test had any. */
  args?: Record<string, unknown>;
  source: 'genie' | 'ntc';
}

export function corpusRecords(): CorpusRecord[] {
  return JSON.parse(readFileSync(path.join(corpusRoot, 'manifest.json'), 'utf8')) as CorpusRecord[];
}

export function loadCase(record: CorpusRecord): CorpusCase {
  const read = (p: string) => readFileSync(path.join(corpusRoot, p), 'utf8');
  const source = record.local_path.startsWith('ntc/') ? 'ntc' : 'genie';
  const expected = source === 'genie' ? readPythonAssignment(read(record.local_expected_path)) : ((parseYaml(read(record.local_expected_path)) as { parsed_sample: PyValue }).parsed_sample);
  const c: CorpusCase = { record, output: read(record.local_path), expected, source };
  if (record.local_arguments_path) c.args = JSON.parse(read(record.local_arguments_path)) as Record<string, unknown>;
  return c;
}

/** The comparator registry's key: genie's parser class, or `ntc <family>` for ntc-templates files. */
export function comparatorKey(r: CorpusRecord): string {
  return r.parser_class ?? `ntc ${r.family}`;
}
