import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FramedItem, frameCommands, initialFraming, parseEprtArgument, parsePortArgument, parseRestArgument, stripTelnet } from '../../../../src/engine/ftp/commands';

function frameAll(chunks: (string | Buffer)[], max?: number): FramedItem[] {
  let state = initialFraming;
  const items: FramedItem[] = [];
  for (const c of chunks) {
    const r = frameCommands(state, typeof c === 'string' ? Buffer.from(c, 'latin1') : c, max);
    state = r.state;
    items.push(...r.items);
  }
  return items;
}

const cmd = (verb: string, argument = ''): FramedItem => ({ kind: 'command', command: { verb, argument } });

const framing: { title: string; input: (string | Buffer)[]; max?: number; expected: FramedItem[] }[] = [
  { title: 'one CRLF line', input: ['USER bob\r\n'], expected: [cmd('USER', 'bob')] },
  { title: 'verb is upper-cased, argument kept as sent', input: ['retr My File.bin\r\n'], expected: [cmd('RETR', 'My File.bin')] },
  { title: 'two lines in one chunk', input: ['NOOP\r\nPWD\r\n'], expected: [cmd('NOOP'), cmd('PWD')] },
  { title: 'a line split over chunks, CR and LF apart', input: ['US', 'ER a\r', '\nPA', 'SS b\r\n'], expected: [cmd('USER', 'a'), cmd('PASS', 'b')] },
  { title: 'bare LF tolerated', input: ['SYST\n'], expected: [cmd('SYST')] },
  { title: 'no line end yet: nothing', input: ['RETR x'], expected: [] },
  { title: 'argument with leading space kept', input: ['STOR  two\r\n'], expected: [cmd('STOR', ' two')] },
  { title: 'empty line is invalid', input: ['\r\n'], expected: [{ kind: 'invalid', reason: 'not a command' }] },
  { title: 'digits in verb are invalid', input: ['R3TR x\r\n'], expected: [{ kind: 'invalid', reason: 'not a command' }] },
  { title: 'five-letter verb is invalid', input: ['HELLO\r\n'], expected: [{ kind: 'invalid', reason: 'not a command' }] },
  { title: 'binary garbage', input: [Buffer.from([0x00, 0x01, 0xfe, 0x0d, 0x0a])], expected: [{ kind: 'invalid', reason: 'not UTF-8' }] },
  { title: 'NUL inside an argument', input: [Buffer.from('RETR a\0b\r\n')], expected: [{ kind: 'invalid', reason: 'NUL or CR inside the line' }] },
  { title: 'CR inside a line', input: ['RETR a\rb\r\n'], expected: [{ kind: 'invalid', reason: 'NUL or CR inside the line' }] },
  { title: 'over-long line in one chunk, then a good one', input: [`RETR ${'a'.repeat(40)}\r\nNOOP\r\n`], max: 32, expected: [{ kind: 'too-long' }, cmd('NOOP')] },
  {
    title: 'over-long line over many chunks: one too-long, rest skipped up to LF',
    input: ['RETR ', 'a'.repeat(20), 'b'.repeat(20), 'c'.repeat(20), '\r\nPWD\r\n'],
    max: 32,
    expected: [{ kind: 'too-long' }, cmd('PWD')],
  },
  { title: 'IAC IP IAC DM before ABOR is stripped', input: [Buffer.from([0xff, 0xf4, 0xff, 0xf2]), 'ABOR\r\n'], expected: [cmd('ABOR')] },
  { title: 'IAC DO option split across chunks', input: [Buffer.from([0xff]), Buffer.from([0xfd]), Buffer.from([0x01]), 'NOOP\r\n'], expected: [cmd('NOOP')] },
  { title: 'UTF-8 file name', input: [Buffer.from('RETR ü.bin\r\n', 'utf8')], expected: [cmd('RETR', 'ü.bin')] },
];

for (const c of framing) {
  test(`framing: ${c.title}`, () => {
    assert.deepEqual(frameAll(c.input, c.max), c.expected);
  });
}

test('framing never buffers more than the cap, whatever arrives', () => {
  let state = initialFraming;
  for (let i = 0; i < 1000; i++) state = frameCommands(state, Buffer.alloc(4096, 0x41), 1024).state;
  assert.ok(state.pending.length < 1024);
  assert.equal(state.discarding, true);
});

test('telnet: IAC IAC is a literal 0xFF, a trailing IAC waits for more', () => {
  assert.deepEqual(stripTelnet(Buffer.from([0x41, 0xff, 0xff, 0x42])).data, Buffer.from([0x41, 0xff, 0x42]));
  const r = stripTelnet(Buffer.from([0x41, 0xff]));
  assert.deepEqual(r.data, Buffer.from([0x41]));
  assert.deepEqual(r.rest, Buffer.from([0xff]));
});

const ports: { input: string; expected: ReturnType<typeof parsePortArgument> }[] = [
  { input: '127,0,0,1,200,10', expected: { host: '127.0.0.1', port: 200 * 256 + 10 } },
  { input: ' 10,1,2,3,4,0 ', expected: { host: '10.1.2.3', port: 1024 } },
  { input: '127,0,0,1,0,0', expected: undefined },
  { input: '127,0,0,256,1,1', expected: undefined },
  { input: '127,0,0,1,1', expected: undefined },
  { input: '127,0,0,1,1,-1', expected: undefined },
  { input: '', expected: undefined },
  { input: 'a,b,c,d,e,f', expected: undefined },
];
for (const c of ports) test(`PORT '${c.input}'`, () => assert.deepEqual(parsePortArgument(c.input), c.expected));

const eprts: { input: string; expected: ReturnType<typeof parseEprtArgument> }[] = [
  { input: '|1|127.0.0.1|6275|', expected: { family: 1, host: '127.0.0.1', port: 6275 } },
  { input: '|2|::1|6275|', expected: { family: 2, host: '::1', port: 6275 } },
  { input: '!1!10.0.0.2!2000!', expected: { family: 1, host: '10.0.0.2', port: 2000 } },
  { input: '|3|127.0.0.1|6275|', expected: undefined },
  { input: '|1|127.0.0.1|0|', expected: undefined },
  { input: '|1|127.0.0.1|70000|', expected: undefined },
  { input: '|1|::1|2000|', expected: undefined },
  { input: '|1|300.0.0.1|2000|', expected: undefined },
  { input: '|1|127.0.0.1|2000', expected: undefined },
  { input: '', expected: undefined },
];
for (const c of eprts) test(`EPRT '${c.input}'`, () => assert.deepEqual(parseEprtArgument(c.input), c.expected));

const rests: { input: string; expected: number | undefined }[] = [
  { input: '0', expected: 0 },
  { input: '1048576', expected: 1048576 },
  { input: '-1', expected: undefined },
  { input: '1e3', expected: undefined },
  { input: '', expected: undefined },
  { input: '99999999999999999', expected: undefined },
];
for (const c of rests) test(`REST '${c.input}'`, () => assert.equal(parseRestArgument(c.input), c.expected));
