// Every codec and parser the project runs on untrusted input, as fuzz targets: the device parsers and
// the copy tracker (seeded with the real captures in ../shared/fixtures), the device dialogue's
// prompt matching, the engine's TFTP/FTP/RCP codecs and the lab clients' codecs (seeded with valid
// packets). Each run() lets only the target's documented error through as "not a failure", and
// checks the invariants of what it returned.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CopyProgressTracker,
  deviceDateToIso,
  InstallProgressTracker,
  normalizeDevicePath,
  ParseError,
  parseCopyOutput,
  parseDir,
  parseImageName,
  parseRunningConfigSettings,
  parseShowBoot,
  parseShowFileSystems,
  parseShowFilesys,
  parseShowInstallRollback,
  parseShowInstallSummary,
  parseShowInstallVersionSummary,
  parseShowInventory,
  parseShowSystemInternalFlash,
  parseShowVersion,
  parseShowVersionPackages,
  parseVerifyMd5,
  splitBootVariable,
  xeVersionKey,
} from '../../src/device/parsers';
import { builtinRules, dangerousPrompts, findRule, matchAtEnd } from '../../src/device/dialogue';
import { anyExecPrompt, looksLikeQuestion, matchExecPrompt, questionPrompt } from '../../src/device/prompts';
import { appendTerminal, cleanReply } from '../../src/device/terminal-text';
import { asciiText, decodePacket, encodeAck, encodeData, encodeError, encodeOack, encodeRequest, type TftpPacket } from '../../src/engine/tftp/packets';
import { frameCommands, initialFraming, parseCommandLine, parseEprtArgument, parsePortArgument, parseRestArgument, type FramedItem } from '../../src/engine/ftp/commands';
import { decodeRshHeader, RshHeaderError } from '../../src/engine/rcp/rsh-header';
import { decodeReply, decodeSourceMessage, formatFileRecord, formatReply, formatTimesRecord, parseRcpCommand, RcpCommandError, RcpProtocolError } from '../../src/engine/rcp/rcp-codec';
import { decode as labTftpDecode, encodeAck as labAck, encodeData as labData, encodeError as labError, encodeRequest as labRequest } from '../../src/lab/clients/tftp-packets';
import { decodeControlRecord, encodeFileRecord, encodeRshRequest, rcpCommand } from '../../src/lab/clients/rcp-codec';
import { FuzzInvariantError, type FuzzTarget } from './fuzz-core';

const fixturesRoot = path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  const root = path.join(fixturesRoot, dir);
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(path.relative(root, p))) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** The device text of a transcript (after its verbatim marker) or an iosxe file (without `# SOURCE`). */
function body(text: string): string {
  const at = text.indexOf('# --- verbatim below this line ---');
  if (at >= 0) return text.slice(text.indexOf('\n', at) + 1);
  return text.replace(/^(# SOURCE[^\n]*\n)+/, '');
}

const ntc = (rel: RegExp) => filesUnder('ntc', (p) => p.endsWith('.raw') && rel.test(p));
const transcripts = (name: RegExp) => filesUnder('transcripts', (p) => p.endsWith('.txt') && name.test(p)).map(body);
const iosxe = (name: RegExp) => filesUnder('iosxe', (p) => name.test(p)).map(body);
function corpus(keep: (r: { family: string; parser_class: string | null }) => boolean): string[] {
  const manifest = path.join(fixturesRoot, 'corpus', 'manifest.json');
  if (!existsSync(manifest)) return [];
  const records = JSON.parse(readFileSync(manifest, 'utf8')) as { family: string; parser_class: string | null; local_path: string }[];
  return records.filter(keep).map((r) => readFileSync(path.join(fixturesRoot, 'corpus', r.local_path), 'utf8'));
}

/** Seeds from the captures, or (when ../shared/fixtures is absent) the short fallback of real shape. */
const withFallback = (seeds: string[], fallback: string[]) => (seeds.length > 0 ? seeds : fallback);

// ---- invariants ---------------------------------------------------------------------------------

function check(cond: boolean, what: string): void {
  if (!cond) throw new FuzzInvariantError(what);
}

/** Every number in the result is finite (JSON would turn NaN and Infinity into null). */
function finiteNumbers(value: unknown, where = 'result'): void {
  if (typeof value === 'number') check(Number.isFinite(value), `${where} is ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => finiteNumbers(v, `${where}[${i}]`));
  else if (value instanceof Map) for (const [k, v] of value) finiteNumbers(v, `${where}.${String(k)}`);
  else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) for (const [k, v] of Object.entries(value)) finiteNumbers(v, `${where}.${k}`);
}

/** A note's line and number agree with the input (after CRLF/CR → LF and trailing blanks cut). */
function notesMatchInput(input: string, result: { notes?: { line?: string; lineNumber?: number }[] }): void {
  if (!result.notes) return;
  const lines = input.replace(/\r\n?/g, '\n').split('\n');
  for (const n of result.notes) {
    if (n.lineNumber === undefined) continue;
    check(Number.isInteger(n.lineNumber) && n.lineNumber >= 1 && n.lineNumber <= lines.length, `note line number ${n.lineNumber} outside 1..${lines.length}`);
    if (n.line !== undefined) check(lines[n.lineNumber - 1]!.trimEnd() === n.line, `note ${n.lineNumber} quotes a line that is not the input's`);
  }
}

/** Runs a parser: ParseError is its documented refusal; anything else escapes. Returns the result. */
/**
 * The input in deterministic, varied pieces for the chunked-feed targets: lengths 1…modulo that depend
 * on the position (a rule on the length alone pinned every piece of some inputs to 1 byte).
 */
function* pieces<T extends string | Buffer>(input: T, step: number, modulo: number): Generator<T> {
  for (let i = 0, k = 1; i < input.length; i += k, k = 1 + ((k * step + i) % modulo)) yield (typeof input === 'string' ? input.slice(i, i + k) : input.subarray(i, i + k)) as T;
}

/** A tracker's finish(), or 'ParseError' where it refuses the text (its documented error). */
function finishOrRefusal<R>(t: { finish(): R }): R | 'ParseError' {
  try {
    return t.finish();
  } catch (e) {
    if (e instanceof ParseError) return 'ParseError';
    throw e;
  }
}

function parser<R>(name: string, parse: (text: string) => R, seeds: () => string[], dictionary: string[], extra?: (input: string, r: R) => void): FuzzTarget<string> {
  return {
    name,
    kind: 'text',
    seeds,
    dictionary,
    run(input) {
      let r: R;
      try {
        r = parse(input);
      } catch (e) {
        if (e instanceof ParseError) {
          check(typeof e.message === 'string' && e.command !== '', 'ParseError without a command');
          check(e.line.length <= 65_536 + 1, 'ParseError quoting more than a line');
          return;
        }
        throw e;
      }
      finiteNumbers(r);
      notesMatchInput(input, r as { notes?: [] });
      extra?.(input, r);
    },
  };
}

const sizes = (r: { totalBytes?: number; freeBytes?: number; usedBytes?: number; files?: { sizeBytes: number; name: string }[] }) => {
  for (const f of r.files ?? []) check(f.sizeBytes >= 0 && f.name !== undefined, `file ${f.name} of ${f.sizeBytes} bytes`);
  for (const k of ['totalBytes', 'freeBytes', 'usedBytes'] as const) if (r[k] !== undefined) check(r[k]! >= 0, `${k} ${r[k]}`);
};

// ---- device parsers -----------------------------------------------------------------------------

const VERIFY = [
  'verify /md5 flash:c2960x-universalk9-mz.152-7.E4.bin\n.......................................Done!\nverify /md5 (flash:c2960x-universalk9-mz.152-7.E4.bin) = 3ad2ee5d0d8e30e31b5a0a1e2c9a1e34\n',
  'verify /md5 flash:x.bin 00000000000000000000000000000000\n....Done!\n%Error verifying flash:x.bin\nComputed signature = 3ad2ee5d0d8e30e31b5a0a1e2c9a1e34\nSubmitted signature = 00000000000000000000000000000000\n',
  'verify /md5 flash:x.bin 3ad2ee5d0d8e30e31b5a0a1e2c9a1e34\n....Done!\nVerified (flash:x.bin) = 3ad2ee5d0d8e30e31b5a0a1e2c9a1e34\n',
];
const RUNNING = [
  'Building configuration...\n\nCurrent configuration : 1200 bytes\n!\nversion 15.2\nhostname SW1\n!\nboot system flash:c2960x.bin;flash:old.bin\nboot system switch all flash:packages.conf\nboot system tftp c2500.bin 10.1.1.1\nip ftp username netops\nip ftp password 7 0822455D0A16\nip ftp passive\nip tftp blocksize 8192\nip rcmd remote-username backup\nfile prompt quiet\n!\nend\n',
];
const COPY = [
  'Accessing tftp://10.1.1.1/c2960x.bin...\nLoading c2960x.bin from 10.1.1.1 (via Vlan1): !!!!!!!!!!!!!!!!!!!O!!!!!....!!!!\n[OK - 26061824 bytes]\n\n26061824 bytes copied in 40.100 secs (649921 bytes/sec)\n',
  'Destination filename [c2960x.bin]? \nErasing the flash filesystem will remove all files! Continue? [confirm]\nErasing device... eeeeeeeeeeeeeeee ...erased\nErase of flash: complete\nLoading c2500.bin from 10.1.1.1 (via Ethernet0): !!!!\n*Mar  1 00:10:12.345: %LINK-3-UPDOWN: Interface Ethernet0, changed state to up!!!!\n[OK - 9000 bytes]\n\nVerifying checksum...  OK (0x266E)\nFlash copy took 0:00:12 [hh:mm:ss]\n',
  'Accessing ftp://u:p@10.1.1.1/x.bin...\nLoading x.bin !!!!!\n%Error reading ftp://u:p@10.1.1.1/x.bin (Timed out)\n%Warning: File not a valid executable for this system\nCopy in progress...CCCCCCC\n',
];

const INSTALL = 'install_add_activate_commit: START Fri Dec 13 05:45:36 GMT 2024\ninstall_add: Adding IMG\n--- Starting Add ---\n [1] Finished Add package(s) on Switch 1\nAdd: Passed on [1]\nFinished Add\n\nImage added. Version: 17.09.06a.0.12\nThis operation may require a reload of the system. Do you want to proceed? [y/n]y\n [1] Switch 1 FAILED: /mnt/sd3/user requires 462703 KB of free space, but only 408260 KB is available\nSUCCESS: install_add_activate_commit Fri Dec 13 05:54:19 GMT 2024\n';
const INSTALL_WORDS = ['install_add: START ', '--- Starting ', ' ---', ': Passed on [', 'Finished ', ' [1] ', 'FAILED: ', 'SUCCESS: install_', ' requires ', ' KB of free space, but only ', ' KB is available', '[y/n]', '[y/n/q]', '[yes/no]: ', '[R0]: ', ' File is in use, will not delete.', 'The following files will be deleted:', 'Deleting file ', ' ... done.', 'Following packages shall be activated:', 'Image added. Version: ', '*Sep 22 16:05:26.116: %INSTALL-5-INSTALL_START_INFO: ', ' succeed with reason: ', '[1 2]: ', '% ', ' Operation aborted.'];
const LINE_WORDS = ['Loading ', ' from ', ' (via ', '): ', 'Directory of ', 'bytes total (', 'bytes free)', 'NAME: "', '", DESCR: "', 'PID: ', ', VID: ', ', SN: ', 'BOOT variable = ', 'uptime is ', 'System image file is "', 'Package: ', ', version: ', 'Location: ', '[ R0 ] Installed Package(s) Information:', 'Auto abort timer: active on install_activate, time before rollback - 01:49:42', '%Error ', '% Invalid input detected', 'Switch#', '--More--', '[confirm]', 'password:'];

export const parserTargets: FuzzTarget<string>[] = [
  parser('show version', parseShowVersion, () => withFallback([...ntc(/^cisco_(ios|nxos)\/show_version\//), ...transcripts(/^show_version_/), ...iosxe(/^3[0-5]_/), ...corpus((r) => r.family === 'show version' && (r.parser_class === 'ShowVersion' || r.parser_class === null))], ['Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4, RELEASE SOFTWARE (fc2)\nSW1 uptime is 1 week, 2 days\nSystem image file is "flash:c2960x-universalk9-mz.152-7.E4.bin"\ncisco WS-C2960X-48FPD-L (APM86XXX) processor (revision B0) with 524288K bytes of memory.\n']), LINE_WORDS),
  parser('show file systems', parseShowFileSystems, () => withFallback([...ntc(/^cisco_ios\/show_file_systems\//), ...transcripts(/^show_file_systems_/)], ['File Systems:\n\n     Size(b)     Free(b)      Type  Flags  Prefixes\n*  122185728   98123776     flash     rw   flash:\n']), ['nvram:', 'vram:', 'flash: bootflash: flash-1:', '*', ' rw ', ' - ']),
  parser('dir', (t) => parseDir(t), () => withFallback([...ntc(/\/dir\//), ...transcripts(/^(dir_|show_bootflash_|show_usbflash_)/)], ['Directory of flash:/\n\n    2  -rwx     1048576  Mar 1 2015 08:46:31 +00:00  c2960x.bin\n\n122185728 bytes total (98123776 bytes free)\n']), LINE_WORDS, (_i, r) => sizes(r)),
  parser('show boot', parseShowBoot, () => withFallback([...ntc(/^cisco_ios\/show_boot\//), ...transcripts(/^show_boot(var)?_/), ...iosxe(/^(38|40)_/), ...corpus((r) => r.family === 'show boot')], ['BOOT path-list      : flash:c2960x.bin\nConfig file         : flash:/config.text\nManual Boot         : no\n']), LINE_WORDS),
  parser('verify /md5', parseVerifyMd5, () => VERIFY, ['verify /md5 (', ') = ', 'Done!', 'Computed signature = ', '0123456789abcdef'.repeat(2)]),
  parser('copy output', parseCopyOutput, () => [...COPY, ...transcripts(/^copy_/)], LINE_WORDS),
  {
    // The tracker fed in pieces must read what it reads whole: progress is live, never miscounted.
    name: 'copy tracker (chunked)',
    kind: 'text',
    seeds: () => [...COPY, ...transcripts(/^copy_/)],
    dictionary: LINE_WORDS,
    run(input) {
      const whole = new CopyProgressTracker();
      const parts = new CopyProgressTracker();
      whole.push(input);
      for (const piece of pieces(input, 7, 97)) parts.push(piece);
      const a = finishOrRefusal(whole);
      const b = finishOrRefusal(parts);
      finiteNumbers(a);
      try {
        assert.deepEqual(b, a);
      } catch {
        throw new FuzzInvariantError('fed in chunks, the tracker reads otherwise than fed whole');
      }
      if (typeof a !== 'string') for (const [k, v] of Object.entries(a.marks)) check(Number.isInteger(v) && v >= 0, `marks ${k} = ${v}`);
    },
  },
  {
    name: 'install tracker (chunked)',
    kind: 'text',
    seeds: () => withFallback([...iosxe(/^(0\d|1[0-5]|5[0-6])[b_]/), ...transcripts(/^install_/)], [INSTALL]),
    dictionary: INSTALL_WORDS,
    run(input) {
      const whole = new InstallProgressTracker();
      whole.push(input);
      // The chunked reading is compared on the first 8 KB (reading all of a 64 KB input twice would
      // measure the note count, not the parser): the same text, split every few characters.
      const head = input.slice(0, 8192);
      const wholeHead = new InstallProgressTracker();
      wholeHead.push(head);
      const parts = new InstallProgressTracker();
      for (const piece of pieces(head, 7, 97)) parts.push(piece);
      const a = finishOrRefusal(whole);
      const aHead = finishOrRefusal(wholeHead);
      const b = finishOrRefusal(parts);
      finiteNumbers(a);
      // What a job acts on, compared whole (the notes by count: a 64 KB input can hold 15,000 of them).
      const digest = (o: typeof a) =>
        typeof o === 'string' ? o : { ...o, notes: o.notes.length, syslog: o.syslog.length, info: o.info.length, microcode: o.microcode.length, removal: o.removal && { ...o.removal, keep: o.removal.keep.length } };
      try {
        assert.deepEqual(digest(b), digest(aHead));
      } catch {
        throw new FuzzInvariantError('fed in chunks, the tracker reads otherwise than fed whole');
      }
      if (typeof a === 'string') return;
      check(['succeeded', 'failed', 'incomplete'].includes(a.outcome), `outcome ${a.outcome}`);
      check(a.outcome !== 'failed' || a.failure !== undefined, 'failed without a failure');
      notesMatchInput(input, a);
    },
  },
  parser('show running-config', parseRunningConfigSettings, () => RUNNING, ['boot system ', 'switch all ', 'ip ftp password ', 'ip tftp blocksize ', 'file prompt ', 'hostname ', 'end']),
  parser('show inventory', parseShowInventory, () => withFallback(corpus((r) => r.family === 'show inventory'), ['NAME: "Chassis", DESCR: "Cisco ISR4331 Chassis"\nPID: ISR4331/K9        , VID: V04  , SN: FDO2201A0SR\n']), LINE_WORDS),
  parser('show install summary', parseShowInstallSummary, () => withFallback([...iosxe(/^2[0-8]_/), ...transcripts(/^show_install_summary_/)], ['[ R0 ] Installed Package(s) Information:\nState (St): I - Inactive, U - Activated & Uncommitted,\n            C - Activated & Committed, D - Deactivated & Uncommitted\n--------------------------------------------------------------------------------\nType  St   Filename/Version\n--------------------------------------------------------------------------------\nIMG   C    17.09.04a.0.6\n']), LINE_WORDS),
  parser('show install version summary', parseShowInstallVersionSummary, () => withFallback(iosxe(/^42_/), ['Location: R0\n  Version: 17.09.04a.0.6\n    Version State: Activated & Committed\n    Package List:\n      Package Type: IMG\n        Package Name: cat9k.pkg\n        Package State: Activated & Committed\n']), LINE_WORDS),
  parser('show install rollback', parseShowInstallRollback, () => withFallback(iosxe(/^29_/), ['ID      Label                            Description\n-----------------------------------------------------\n1       No Label                         No Description\n']), LINE_WORDS),
  parser('show version running', parseShowVersionPackages, () => withFallback([...iosxe(/^41_/), ...corpus((r) => r.parser_class === 'ShowVersionMode' || r.parser_class === 'ShowVersionRp')], ['Package: rpbase, version: 17.09.04a, status: active\n  Role: rp_base\n  File: consolidated:cat9k-rpbase.17.09.04a.SPA.pkg, on: RP0\n  Built: 2023-08-15_20.05, by: mcpre\n']), LINE_WORDS),
  parser('show filesys', parseShowFilesys, () => withFallback(corpus((r) => r.parser_class === 'ShowFileSys'), ['Filesystem: flash\nFilesystem Path: /mnt/sd3/user\nFilesystem Type: ext2\nMounted: Read/Write\n']), LINE_WORDS),
  parser('show system internal flash', parseShowSystemInternalFlash, () => withFallback(corpus((r) => r.parser_class === 'ShowSystemInternalFlash'), ['Mount-on                  1K-blocks      Used   Available   Use%  Filesystem\n/bootflash                  3999504   1245144     2754360     32   /dev/sda3\n']), ['%', ' 1K-blocks ', '/dev/sda']),
  {
    // The small readers of names and dates: total (they return undefined for what they do not know).
    name: 'names, paths, dates, versions',
    kind: 'text',
    // Five readers over every line, normalizeDevicePath twice.
    passes: 6,
    seeds: () => ['flash:/c2960x-universalk9-mz.152-7.E4.bin', 'bootflash:cat9k_iosxe.17.09.04a.SPA.bin', 'isr4300-universalk9.03.16.04b.S.155-3.S4b-ext.SPA.bin', 'Mar 2 2015 08:46:31 +00:00', '19:39:56 Nov 03 2015', 'flash:a.bin,12;flash:b.bin;', '16.09.05.0.12'],
    dictionary: [':', '/', '.', ',', ';', '-', '_', '.SPA.bin', 'packages.conf'],
    run(input) {
      for (const line of input.split('\n')) {
        finiteNumbers(parseImageName(line));
        const n = normalizeDevicePath(line);
        check(normalizeDevicePath(n) === n, 'normalizeDevicePath is not idempotent');
        const iso = deviceDateToIso(line);
        if (iso) check(!Number.isNaN(Date.parse(iso.length === 19 ? `${iso}Z` : iso)), `deviceDateToIso gave ${iso}`);
        splitBootVariable(line);
        xeVersionKey(line);
      }
    },
  },
  {
    // The dialogue: prompts matched at the end of what the device printed (its last 4 KB, as the exchange does).
    name: 'device prompts',
    kind: 'text',
    seeds: () => ['Switch#', 'Switch(config-if)#', 'Destination filename [x.bin]? ', 'Erase flash: before copying? [confirm]', 'Flash load helper v1.0\nThis process will accept the copy options...\nProceed? [confirm]', 'Password: ', '--More-- ', 'Format operation may take a while. Continue? [confirm]', 'Do you want to over write? [confirm]', 'rommon 1 >', 'login: '],
    dictionary: ['[confirm]', '?', ']', 'password', 'login', '(y/n)', ':', 'Flash load helper', 'Format operation may take a while', 'Proceed? ', '\n', '#', '>', '(config'],
    run(input) {
      const window = input.slice(-4096);
      findRule(window, [...builtinRules, { name: 'resync', prompt: questionPrompt, answer: () => '\x03', continue: true }]);
      for (const d of dangerousPrompts) matchAtEnd(d.prompt, window);
      matchExecPrompt(window, anyExecPrompt);
      looksLikeQuestion(input.slice(input.lastIndexOf('\n') + 1));
      const t = appendTerminal('', input);
      check(t.stableLength <= t.text.length, 'stableLength past the text');
      cleanReply(input, 'show version', 0);
    },
  },
];

// ---- engine codecs ------------------------------------------------------------------------------

const tftpSeeds = (): Buffer[] => [
  encodeRequest('rrq', 'c2960x-universalk9-mz.152-7.E4.bin', 'octet', new Map([['blksize', '1468'], ['tsize', '0'], ['timeout', '5'], ['windowsize', '8']])),
  encodeRequest('wrq', 'backup/config.text', 'netascii'),
  encodeData(1, Buffer.from('hello image bytes')),
  encodeData(65535, Buffer.alloc(512, 0xab)),
  encodeAck(0),
  encodeAck(65535),
  encodeError(1, 'File not found'),
  encodeOack(new Map([['blksize', '1468'], ['tsize', '26061824']])),
];

function sameTftp(a: TftpPacket, b: TftpPacket): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

export const engineTargets: FuzzTarget<Buffer>[] = [
  {
    // Total: a TftpDecodeError result, never a throw; a decoded packet re-encodes to the same packet.
    name: 'engine tftp packets',
    kind: 'bytes',
    seeds: tftpSeeds,
    dictionary: ['\0', 'octet\0', 'netascii\0', 'blksize\0', 'tsize\0', 'windowsize\0', '../', '%2e%2e/'],
    run(input) {
      const d = decodePacket(input);
      if (!d.ok) {
        check(typeof d.error.why === 'string' && d.error.code !== undefined, 'decode error without a code');
        return;
      }
      const p = d.packet;
      let again: Buffer;
      switch (p.op) {
        case 'rrq':
        case 'wrq':
          // A name or value with a NUL cannot be sent; decoding never yields one.
          check(!p.file.includes('\0') && !p.mode.includes('\0'), 'a decoded field holds a NUL');
          again = encodeRequest(p.op, p.file, p.mode, p.options);
          break;
        case 'data':
          again = encodeData(p.block, p.data);
          break;
        case 'ack':
          again = encodeAck(p.block);
          break;
        case 'error':
          again = encodeError(p.code, p.message);
          break;
        case 'oack':
          again = encodeOack(p.options);
          break;
      }
      const r = decodePacket(again);
      // encodeError sends at most 200 characters of a message (ours, never a peer's text), as printable ASCII.
      const expected = p.op === 'error' ? { ...p, message: asciiText(p.message).slice(0, 200) } : p;
      check(r.ok && sameTftp(r.packet, expected), `${p.op}: re-encoded packet decodes differently`);
    },
  },
  {
    // Framing is incremental: any split of the byte stream frames the same commands.
    name: 'engine ftp commands',
    kind: 'bytes',
    // Framed whole, framed in chunks, and every line parsed on its own.
    passes: 3,
    seeds: () => [Buffer.from('USER anonymous\r\nPASS x\r\nTYPE I\r\nPORT 127,0,0,1,200,10\r\nEPRT |1|127.0.0.1|6446|\r\nREST 1024\r\nRETR c2960x.bin\r\nQUIT\r\n'), Buffer.from('STOR ../../etc/passwd\r\nCWD %2e%2e\r\nSIZE x\r\n\xff\xf4\xff\xf2ABOR\r\n', 'latin1')],
    dictionary: ['\r\n', '\n', '\xff\xf4', '\xff\xff', 'PORT ', 'EPRT |2|::1|', 'REST ', 'RETR ', ',255,255', '|'],
    run(input) {
      const whole = frameCommands(initialFraming, input).items;
      const items: FramedItem[] = [];
      let state = initialFraming;
      for (const piece of pieces(input, 5, 61)) {
        const r = frameCommands(state, piece);
        state = r.state;
        items.push(...r.items);
      }
      check(JSON.stringify(items) === JSON.stringify(whole), 'split differently, the stream frames other commands');
      for (const it of whole) {
        if (it.kind !== 'command') continue;
        const arg = it.command.argument ?? '';
        const port = parsePortArgument(arg);
        if (port) check(Number.isInteger(port.port) && port.port >= 0 && port.port <= 65535, `PORT ${arg} → ${port.port}`);
        const eprt = parseEprtArgument(arg);
        if (eprt) check(Number.isInteger(eprt.port) && eprt.port >= 0 && eprt.port <= 65535, `EPRT ${arg} → ${eprt.port}`);
        const rest = parseRestArgument(arg);
        if (rest !== undefined) check(Number.isSafeInteger(rest) && rest >= 0, `REST ${arg} → ${rest}`);
      }
      for (const line of input.toString('latin1').split('\r\n')) parseCommandLine(Buffer.from(line, 'latin1'));
    },
  },
  {
    // rsh header and rcp records: RshHeaderError, RcpCommandError and RcpProtocolError are the refusals.
    name: 'engine rcp codec',
    kind: 'bytes',
    seeds: () => [
      Buffer.from('0\0cisco\0cisco\0rcp -f flash:c2960x.bin\0', 'latin1'),
      Buffer.from('1023\0root\0backup\0rcp -t c2960x-new.bin\0C0644 26061824 c2960x.bin\n\0', 'latin1'),
      Buffer.concat([formatTimesRecord(1700000000, 1700000000), formatFileRecord(0o644, 1024, 'x.bin'), Buffer.from('D0755 0 dir\nE\n'), formatReply({ type: 'warning', message: 'rcp: x: No such file or directory' }), formatReply({ type: 'ok' })]),
    ],
    dictionary: ['\0', '\n', '\x01', '\x02', 'C0644 ', 'D0755 0 ', 'T1 0 1 0\n', 'E\n', 'rcp -f ', 'rcp -t ', '-r ', '../'],
    run(input) {
      const refused = (e: unknown) => e instanceof RshHeaderError || e instanceof RcpCommandError || e instanceof RcpProtocolError;
      const guard = (f: () => void) => {
        try {
          f();
        } catch (e) {
          if (!refused(e)) throw e;
        }
      };
      guard(() => {
        const h = decodeRshHeader(input, true);
        if (h.kind === 'complete') {
          check(h.header.stderrPort === undefined || (h.header.stderrPort > 0 && h.header.stderrPort <= 65535), `stderr port ${h.header.stderrPort}`);
          parseRcpCommand(h.header.command);
        }
      });
      guard(() => parseRcpCommand(input.toString('latin1')));
      for (const decode of [decodeReply, decodeSourceMessage]) {
        guard(() => {
          let rest: Uint8Array = input;
          for (let n = 0; n < 10_000 && rest.length > 0; n++) {
            const d = decode(rest);
            if (d.kind === 'need-more') break;
            check(d.rest.length < rest.length, 'a decoded message consumed nothing');
            const m = d.message as { type: string; sizeBytes?: number; mode?: number };
            if (m.type === 'file') check(Number.isSafeInteger(m.sizeBytes) && m.sizeBytes! >= 0, `file record of ${m.sizeBytes} bytes`);
            rest = d.rest;
          }
        });
      }
    },
  },
];

// ---- lab client codecs --------------------------------------------------------------------------

export const labTargets: FuzzTarget<Buffer>[] = [
  {
    name: 'lab tftp packets',
    kind: 'bytes',
    seeds: () => [labRequest('rrq', 'c2960x.bin', { blksize: '1468', tsize: '0' }), labRequest('wrq', 'x'), labData(7, Buffer.from('data')), labAck(3), labError(2, 'Access violation'), ...tftpSeeds()],
    dictionary: ['\0', 'octet\0', 'blksize\0', '1468\0'],
    run(input) {
      const d = labTftpDecode(input);
      if (!d.ok) {
        check(typeof d.why === 'string', 'decode failure without a reason');
        return;
      }
      const p = d.packet;
      if (p.op === 'data') check(labTftpDecode(labData(p.block, p.data)).ok, 'DATA does not round-trip');
      if (p.op === 'ack') check(labTftpDecode(labAck(p.block)).ok, 'ACK does not round-trip');
      if (p.op === 'error') {
        const r = labTftpDecode(labError(p.code, p.message));
        check(r.ok && r.packet.op === 'error' && r.packet.message === p.message, 'ERROR does not round-trip');
      }
    },
  },
  {
    // decodeControlRecord is total (anything unexpected is `invalid`); a file record round-trips.
    name: 'lab rcp codec',
    kind: 'bytes',
    seeds: () => [encodeFileRecord(0o644, 26061824, 'c2960x.bin'), Buffer.from('T1700000000 0 1700000000 0'), Buffer.from('D0755 0 dir'), Buffer.from('E'), Buffer.from('\x01rcp: x: No such file or directory'), encodeRshRequest('cisco', 'backup', rcpCommand('download', 'flash:x.bin'))],
    dictionary: ['C0644 ', 'T', ' 0 ', '\x01', '\x02', '\n', '/'],
    run(input) {
      const r = decodeControlRecord(input);
      if (r.type === 'file') {
        check(Number.isSafeInteger(r.sizeBytes) && r.sizeBytes >= 0, `size ${r.sizeBytes}`);
        if (!/[\n/]/.test(r.name)) {
          const again = decodeControlRecord(encodeFileRecord(r.mode, r.sizeBytes, r.name).subarray(0, -1));
          check(again.type === 'file' && again.name === r.name && again.sizeBytes === r.sizeBytes && again.mode === r.mode, 'file record does not round-trip');
        }
      }
      if (r.type === 'times') check(Number.isFinite(r.mtimeSec) && Number.isFinite(r.atimeSec), 'times record not finite');
    },
  },
];

export const allTargets: FuzzTarget[] = [...parserTargets, ...engineTargets, ...labTargets] as FuzzTarget[];
