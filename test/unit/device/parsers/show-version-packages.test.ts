// show version running | installed | RP … running package listings: the Cat9k capture in
// ../shared/fixtures/iosxe (the genieparser corpus files are compared field by field in corpus/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseShowVersionPackages } from '../../../../src/device/parsers';
import { corpusMissing, corpusRoot } from './corpus/corpus';
import { fixturesMissing } from './fixtures';
import { hostileTable } from './hostile-table';
import { iosxe } from './iosxe-fixtures';

test('iosxe/41 show version running (Cat9k, install mode): 25 packages with role, file, location, build, SHA1', { skip: fixturesMissing }, () => {
  const r = parseShowVersionPackages(iosxe('41_show_version_running_cat9k_install_mode_packages.txt'));
  assert.deepEqual(r.notes, []);
  assert.equal(r.packages.length, 25);
  // `n/a` fields are absent.
  assert.deepEqual(r.packages[0], { name: 'Provisioning File', lineNumber: 2, status: 'active', role: 'provisioning file', file: 'consolidated:packages.conf', location: 'RP0', sha1: '5320a1aa65add90d5c7cfb0ccf4d5a68f6a4fe39' });
  const base = r.packages[1]!;
  assert.deepEqual(base, { name: 'rpbase', lineNumber: 8, version: 'BLD_POLARIS_DEV_LATEST_20211108_175756', status: 'active', role: 'rp_base', file: 'consolidated:cat9k-rpbase.BLD_POLARIS_DEV_LATEST_20211108_175756.SSA.pkg', location: 'RP0', built: '2021-11-08_11.20', builtBy: 'mcpre', sha1: 'ac93b8faa50c0c5b3d1e3f044e914ad3df34ccc5' });
  assert.ok(r.packages.every((p) => p.role !== undefined && p.file !== undefined && p.location !== undefined));
  // One package on the standby RP is listed from a path, not consolidated: (status n/a, so absent).
  assert.deepEqual(r.packages.filter((p) => !p.file?.startsWith('consolidated:')).map((p) => [p.name, p.location, p.status, p.file]), [['srdriver', 'RP1/0', undefined, '/tmp/sw/isos/cat9k-srdriver.BLD_POLARIS_DEV_LATEST_20211108_175756.SSA.pkg']]);
});

test('corpus: RP listings of IOS-XE 3.16 (no Role line) and the timestamp banner', { skip: corpusMissing }, () => {
  const text = readFileSync(path.join(corpusRoot, 'genie/iosxe/ShowVersionRp/golden_output_active_output.txt'), 'utf8');
  const r = parseShowVersionPackages(text);
  assert.deepEqual(r.notes, []);
  assert.ok(r.packages.every((p) => p.role === undefined));
  const onRp1 = r.packages.filter((p) => p.location?.startsWith('RP1')).map((p) => `${p.name} ${p.status}`);
  assert.deepEqual(onRp1.slice(0, 4), ['rpbase active', 'rpcontrol active', 'rpios-adventerprise active', 'rpaccess active']);
  // The RP0 packages print `status: n/a`: absent, like every other n/a.
  assert.equal(r.packages.find((p) => p.name === 'rpbase' && p.location === 'RP0')?.status, undefined);
});

const odd: { title: string; input: string; expected: object; notes?: string[] }[] = [
  {
    title: 'keys in any case and spacing, fields in another order',
    input: 'package:  rpbase ,  status: inactive , version: 17.12.01\n  role:rp_base\n  file:  flash:cat9k-rpbase.17.12.01.SPA.pkg ,on: RP0\n  built:2023-07-01_10.00,by:mcpre\n  file sha1 checksum:  0123456789abcdef0123456789abcdef01234567\n',
    expected: { name: 'rpbase', lineNumber: 1, version: '17.12.01', status: 'inactive', role: 'rp_base', file: 'flash:cat9k-rpbase.17.12.01.SPA.pkg', location: 'RP0', built: '2023-07-01_10.00', builtBy: 'mcpre', sha1: '0123456789abcdef0123456789abcdef01234567' },
  },
  {
    title: 'a Package line without version or status, a File line without on:, and a new key',
    input: 'Package: webui\n  File: bootflash:cat9k-webui.pkg\n  Signed: yes\n',
    expected: { name: 'webui', lineNumber: 1, file: 'bootflash:cat9k-webui.pkg' },
    notes: ['missing', 'missing', 'unparsed', 'unparsed'],
  },
];
for (const o of odd) {
  test(`show version packages reads: ${o.title}`, () => {
    const r = parseShowVersionPackages(o.input);
    assert.deepEqual(r.packages, [o.expected]);
    assert.deepEqual(r.notes.map((n) => n.kind), o.notes ?? []);
  });
}

hostileTable({
  command: 'show version running',
  parse: parseShowVersionPackages,
  sample: 'Package: rpbase, version: 17.09.04a, status: active\n  Role: rp_base\n  File: consolidated:cat9k-rpbase.17.09.04a.SPA.pkg, on: RP0\n  Built: 2023-08-15_20.05, by: mcpre\n  File SHA1 checksum: 0123456789abcdef0123456789abcdef01234567\n',
  other: '[ R0 ] Installed Package(s) Information:\nType  St   Filename/Version\nIMG   C    17.09.04a.0.6\n',
});
