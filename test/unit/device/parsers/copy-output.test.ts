// copy output against the real captures (genielibs/unicon transcripts) fed whole and in one-character
// chunks, and tables for the documented shapes the captures lack: erase-before-copy, Class B checksum,
// errors with their cause, progress interrupted by syslog, local copies, and truncated output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { CopyProgressTracker, ParseError, parseCopyOutput, type CopyOutput } from '../../../../src/device/parsers';
import { fixturesMissing, transcript, transcriptNames, yamlResponses } from './fixtures';

const skip = fixturesMissing;

/** Feeds `text` one character at a time, as a slow SSH channel might deliver it. */
function byChars(text: string): CopyOutput {
  const t = new CopyProgressTracker();
  for (const ch of text) t.push(ch);
  return t.finish();
}

function responses(node: unknown, out: string[] = []): string[] {
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'response' && typeof v === 'string' && v !== '') out.push(v);
      else responses(v, out);
    }
  }
  return out;
}

test('every copy_* transcript is covered here', { skip }, () => {
  assert.deepEqual(transcriptNames(/^copy_/), [
    'copy_local_bootflash_copy_in_progress_unicon_states.txt',
    'copy_tftp_bootflash_iosxe_interactive.txt',
    'copy_tftp_not_valid_executable_abort_prompt.txt',
    'copy_tftp_overwrite_prompt_isr_unicon_states.txt',
    'copy_tftp_url_flash_c9300_autoinstall_noise.txt',
  ]);
});

test('transcript copy_tftp_bootflash_iosxe_interactive: prompts, Accessing, Loading, [OK - 0 bytes]', { skip }, () => {
  const body = transcript('copy_tftp_bootflash_iosxe_interactive.txt');
  for (const out of [parseCopyOutput(body), byChars(body)]) {
    assert.equal(out.accessing, 'tftp://202.153.144.25//auto/tftp-blr-users3/ashpa/test.txt');
    assert.deepEqual(out.loading, { path: '/auto/tftp-blr-users3/ashpa/test.txt', host: '202.153.144.25', via: 'GigabitEthernet0/0/0' });
    assert.equal(out.marks['!'], 1);
    assert.deepEqual([out.okBytes, out.copiedBytes, out.seconds, out.bytesPerSecond], [0, 0, 0.028, 0]);
    assert.equal(out.prompts.length, 3);
    assert.deepEqual(out.other, []);
    assert.equal(out.succeeded, true);
    assert.equal(out.phase, 'done');
  }
});

test('transcript copy_tftp_url_flash_c9300_autoinstall_noise: AutoInstall %Errors inside the !!! line', { skip }, () => {
  const body = transcript('copy_tftp_url_flash_c9300_autoinstall_noise.txt');
  const bangs = [...body].filter((c) => c === '!').length;
  for (const out of [parseCopyOutput(body), byChars(body)]) {
    assert.equal(out.marks['!'], bangs);
    assert.equal(out.errors.length, 3);
    assert.deepEqual(out.errors[0], { message: '%Error opening tftp://255.255.255.255/network-confg (Timed out)', verb: 'opening', url: 'tftp://255.255.255.255/network-confg', cause: 'Timed out' });
    assert.equal(out.error, undefined);
    assert.deepEqual([out.okBytes, out.copiedBytes, out.seconds, out.bytesPerSecond], [1269880464, 1269880464, 103.256, 12298370]);
    assert.equal(out.succeeded, true);
  }
  // Live progress: after the first line only, the marks so far are known and nothing has failed.
  const t = new CopyProgressTracker();
  const firstLine = body.slice(0, body.indexOf('\n'));
  const live = t.push(firstLine);
  assert.equal(live.marks['!'], [...firstLine].filter((c) => c === '!').length);
  assert.equal(live.phase, 'loading');
  assert.equal(live.error, undefined);
});

test('transcript copy_tftp_overwrite_prompt_isr_unicon_states: the response after "y"', { skip }, () => {
  const mock = parseYaml(transcript('copy_tftp_overwrite_prompt_isr_unicon_states.txt'));
  const [resp] = responses(mock);
  const out = parseCopyOutput(resp!);
  assert.equal(out.accessing, 'tftp://10.1.6.243/test');
  assert.deepEqual(out.loading, { path: 'test', host: '10.1.6.243', via: 'GigabitEthernet0' });
  assert.deepEqual([out.marks['!'], out.okBytes, out.copiedBytes, out.bytesPerSecond], [1, 30, 30, 857]);
  assert.equal(out.succeeded, true);
});

test('transcript copy_local_bootflash_copy_in_progress: CCCC and "No such file or directory"', { skip }, () => {
  const mock = parseYaml(transcript('copy_local_bootflash_copy_in_progress_unicon_states.txt'));
  const [missing, copied] = responses(mock);
  const fail = parseCopyOutput(missing!);
  assert.equal(fail.succeeded, false);
  assert.deepEqual(fail.error, { message: 'cat3k_caa-bld_xyz.bin: No such file or directory', url: 'cat3k_caa-bld_xyz.bin', cause: 'No such file or directory' });
  const ok = byChars(copied!);
  assert.equal(ok.marks.C, [...copied!].filter((c) => c === 'C').length - 1 /* the C of "Copy" */);
  assert.deepEqual([ok.copiedBytes, ok.seconds, ok.bytesPerSecond], [613363720, 268.106, 2287766]);
  assert.equal(ok.succeeded, true);
});

test('transcript copy_tftp_not_valid_executable_abort_prompt: warning, then a load answered "n"', { skip }, () => {
  const [preface, loaded] = yamlResponses(transcript('copy_tftp_not_valid_executable_abort_prompt.txt'));
  const t = new CopyProgressTracker();
  const w = t.push(preface!);
  assert.deepEqual(w.warnings, ['%Warning: File not a valid executable for this system']);
  assert.equal(w.phase, 'starting');
  // A warning alone is not an outcome: finishing here is a truncated copy.
  assert.throws(() => t.finish(), ParseError);
  const out = parseCopyOutput(preface! + loaded!);
  assert.deepEqual(out.warnings, ['%Warning: File not a valid executable for this system']);
  assert.deepEqual([out.marks['!'], out.okBytes, out.loading?.host], [2, 5581609, '127.0.0.1']);
  assert.equal(out.succeeded, true);
});

const bangs = (n: number) => '!'.repeat(n);

const table: { title: string; input: string; expected: Partial<CopyOutput> }[] = [
  {
    title: 'Class B erase before copy, checksum verified',
    input: `Accessing tftp://10.1.1.1/c3640-ik9s-mz.122-23a.bin...\nErasing the flash filesystem will remove all files! Continue? [confirm]\nErasing device... eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee ...erased\nErase of flash: complete\nLoading c3640-ik9s-mz.122-23a.bin from 10.1.1.1 (via FastEthernet1/0): ${bangs(70)}\n${bangs(40)}\n[OK - 12124536 bytes]\n\nVerifying checksum...  OK (0x266E)\n12124536 bytes copied in 98.480 secs (123117 bytes/sec)\n`,
    expected: { erased: true, okBytes: 12124536, copiedBytes: 12124536, checksum: { ok: true, value: '0x266E' }, succeeded: true, phase: 'done', marks: { '!': 110, '.': 0, O: 0, e: 64, v: 0, C: 0 } },
  },
  {
    title: 'TFTP timed out before any data',
    input: 'Accessing tftp://10.9.9.9/c2960x.bin...\n%Error opening tftp://10.9.9.9/c2960x.bin (Timed out)\n',
    expected: { succeeded: false, phase: 'failed', error: { message: '%Error opening tftp://10.9.9.9/c2960x.bin (Timed out)', verb: 'opening', url: 'tftp://10.9.9.9/c2960x.bin', cause: 'Timed out' } },
  },
  {
    title: 'missing TFTP source file',
    input: 'Accessing tftp://10.9.9.9/nope.bin...\n%Error opening tftp://10.9.9.9/nope.bin (No such file or directory)\n',
    expected: { succeeded: false, error: { message: '%Error opening tftp://10.9.9.9/nope.bin (No such file or directory)', verb: 'opening', url: 'tftp://10.9.9.9/nope.bin', cause: 'No such file or directory' } },
  },
  {
    title: 'out of space after the first ! (fn13000)',
    input: 'Accessing tftp://10.1.1.1/big.bin...\nLoading big.bin from 10.1.1.1 (via Ethernet0/0): !\n%Error copying tftp://10.1.1.1/big.bin (Not enough space on device)\n',
    expected: { succeeded: false, marks: { '!': 1, '.': 0, O: 0, e: 0, v: 0, C: 0 }, error: { message: '%Error copying tftp://10.1.1.1/big.bin (Not enough space on device)', verb: 'copying', url: 'tftp://10.1.1.1/big.bin', cause: 'Not enough space on device' } },
  },
  {
    title: 'timeouts and out-of-order packets, then [timed out] and %Error reading',
    input: `Loading c3560.bin from 10.1.1.1 (via Vlan1): ${bangs(30)}O${bangs(5)}.....\n[timed out]\n\n%Error reading tftp://10.1.1.1/c3560.bin (Timed out)\n`,
    expected: { timedOut: true, succeeded: false, marks: { '!': 35, '.': 5, O: 1, e: 0, v: 0, C: 0 } },
  },
  {
    title: 'a syslog line interrupts the progress line, then the progress continues',
    input: `Loading x.bin from 10.1.1.1 (via Gi0/0): ${bangs(12)}\n*Mar  1 00:10:12.345: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up${bangs(8)}\n${bangs(3)}\n[OK - 9000 bytes]\n\n9000 bytes copied in 1.2 secs (7500 bytes/sec)\n`,
    expected: { succeeded: true, other: ['*Mar  1 00:10:12.345: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up'], marks: { '!': 23, '.': 0, O: 0, e: 0, v: 0, C: 0 } },
  },
  {
    title: 'a non-syslog line ending in ! is kept whole, its ! not counted',
    input: `Loading x.bin from 10.1.1.1 (via Gi0/0): ${bangs(2)}\nHello there!\n[OK - 10 bytes]\n10 bytes copied in 0.1 secs (100 bytes/sec)\n`,
    expected: { other: ['Hello there!'], marks: { '!': 2, '.': 0, O: 0, e: 0, v: 0, C: 0 } },
  },
  {
    title: 'FTP download: Loading without host, [OK - N/4096 bytes]',
    input: `Accessing ftp://user:pw@10.1.1.1/c2900.bin...\nLoading c2900.bin ${bangs(20)}\n[OK - 4096000/4096 bytes]\n\n4096000 bytes copied in 10.5 secs (390095 bytes/sec)\n`,
    expected: { accessing: 'ftp://user:pw@10.1.1.1/c2900.bin', loading: { path: 'c2900.bin' }, okBytes: 4096000, copiedBytes: 4096000, succeeded: true },
  },
  {
    title: 'upload to TFTP: marks then bytes copied',
    input: `Address or name of remote host [10.1.1.1]? \nDestination filename [c2960x.bin]? \n${bangs(50)}\n26061824 bytes copied in 40.100 secs (649921 bytes/sec)\n`,
    expected: { copiedBytes: 26061824, succeeded: true, prompts: ['Address or name of remote host [10.1.1.1]?', 'Destination filename [c2960x.bin]?'] },
  },
  {
    title: 'read-only flash on a run-from-flash box',
    input: '%dev_open: System flash not writable\n%Error erasing flash: (Device is read-only)\n',
    expected: { succeeded: false, error: { message: '%Error erasing flash: (Device is read-only)', verb: 'erasing', url: 'flash:', cause: 'Device is read-only' } },
  },
  {
    title: 'checksum failed',
    input: 'Loading x from 10.1.1.1 (via Ethernet0): !!\n[OK - 1000 bytes]\n\nVerifying checksum...  FAILED (0x1234)\n1000 bytes copied in 1.0 secs (1000 bytes/sec)\n',
    expected: { checksum: { ok: false, value: '0x1234' }, succeeded: false },
  },
];

for (const t of table) {
  test(`copy: ${t.title}`, () => {
    for (const out of [parseCopyOutput(t.input), byChars(t.input)]) {
      for (const [k, v] of Object.entries(t.expected)) assert.deepEqual((out as unknown as Record<string, unknown>)[k], v, k);
    }
  });
}

const truncated: { title: string; input: string }[] = [
  { title: 'empty', input: '' },
  { title: 'cut during the progress line', input: `Accessing tftp://10.1.1.1/x.bin...\nLoading x.bin from 10.1.1.1 (via Gi0/0): ${bangs(99)}` },
  { title: 'cut inside the bytes copied line', input: `Loading x.bin from 10.1.1.1 (via Gi0/0): !!\n12345 bytes cop` },
  { title: 'only an unrelated AutoInstall error', input: `Loading x.bin from 10.1.1.1 (via Gi0/0): !!\n%Error opening tftp://255.255.255.255/network-confg (Timed out)!!!\n` },
];
for (const t of truncated) {
  test(`copy refuses a truncated output: ${t.title}`, () => {
    assert.throws(() => parseCopyOutput(t.input), (e: unknown) => e instanceof ParseError && e.command === 'copy');
  });
}
