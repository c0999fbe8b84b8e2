// The HTTP server's pure decisions: which requests name a file, which byte range is served, and when
// If-Range lets a range through. Tables, hostile input included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRange, decideRequest, entityTag, ifRangeHolds } from '../../../../src/engine/http/request';

const requests: { title: string; method?: string; url?: string; expected: ReturnType<typeof decideRequest> }[] = [
  { title: 'a GET of an offer path', method: 'GET', url: '/Tok3n_-x/c2960x.bin', expected: { kind: 'serve', method: 'GET', name: 'Tok3n_-x/c2960x.bin' } },
  { title: 'HEAD', method: 'HEAD', url: '/a.bin', expected: { kind: 'serve', method: 'HEAD', name: 'a.bin' } },
  { title: 'percent-encoding decoded per segment', method: 'GET', url: '/t/my%20image.bin', expected: { kind: 'serve', method: 'GET', name: 't/my image.bin' } },
  { title: 'an encoded slash stays one segment name (the jail refuses it later)', method: 'GET', url: '/t/a%2Fb', expected: { kind: 'serve', method: 'GET', name: 't/a/b' } },
  { title: 'query and fragment ignored', method: 'GET', url: '/a.bin?x=1#y', expected: { kind: 'serve', method: 'GET', name: 'a.bin' } },
  { title: 'PUT refused with Allow', method: 'PUT', url: '/a.bin', expected: { kind: 'reject', status: 405, why: 'method PUT not allowed', allow: 'GET, HEAD' } },
  { title: 'POST refused', method: 'POST', url: '/', expected: { kind: 'reject', status: 405, why: 'method POST not allowed', allow: 'GET, HEAD' } },
  { title: 'no method', url: '/', expected: { kind: 'reject', status: 405, why: 'method  not allowed', allow: 'GET, HEAD' } },
  { title: 'the root is never listed', method: 'GET', url: '/', expected: { kind: 'reject', status: 400, why: 'no file named (directories are not listed)' } },
  { title: 'a folder is never listed', method: 'GET', url: '/tok/', expected: { kind: 'reject', status: 400, why: 'no file named (directories are not listed)' } },
  { title: 'absolute-form target', method: 'GET', url: 'http://evil/a.bin', expected: { kind: 'reject', status: 400, why: 'the request target is not a path' } },
  { title: 'asterisk-form target', method: 'GET', url: '*', expected: { kind: 'reject', status: 400, why: 'the request target is not a path' } },
  { title: 'broken percent-encoding', method: 'GET', url: '/a%zz', expected: { kind: 'reject', status: 400, why: 'malformed percent-encoding' } },
];

for (const r of requests) {
  test(`request: ${r.title}`, () => assert.deepEqual(decideRequest(r.method, r.url), r.expected));
}

const ranges: { header?: string; size: number; expected: ReturnType<typeof decideRange> }[] = [
  { size: 1000, expected: { kind: 'whole' } },
  { header: 'bytes=0-', size: 1000, expected: { kind: 'whole' } },
  { header: 'bytes=0-999', size: 1000, expected: { kind: 'whole' } },
  { header: 'bytes=500-', size: 1000, expected: { kind: 'part', start: 500, end: 999 } },
  { header: 'bytes=10-19', size: 1000, expected: { kind: 'part', start: 10, end: 19 } },
  { header: 'bytes=10-5000', size: 1000, expected: { kind: 'part', start: 10, end: 999 } },
  { header: 'bytes=-100', size: 1000, expected: { kind: 'part', start: 900, end: 999 } },
  { header: 'bytes=-5000', size: 1000, expected: { kind: 'whole' } },
  { header: 'bytes=1000-', size: 1000, expected: { kind: 'unsatisfiable' } },
  { header: 'bytes=-0', size: 1000, expected: { kind: 'unsatisfiable' } },
  { header: 'bytes=20-10', size: 1000, expected: { kind: 'whole' } },
  { header: 'bytes=0-1,5-9', size: 1000, expected: { kind: 'whole' } },
  { header: 'items=0-1', size: 1000, expected: { kind: 'whole' } },
  { header: 'bytes=-', size: 1000, expected: { kind: 'whole' } },
  { header: 'bytes=99999999999999999999-', size: 1000, expected: { kind: 'whole' } },
  { header: ' BYTES = 5 - 9 ', size: 1000, expected: { kind: 'part', start: 5, end: 9 } },
  { header: 'bytes=0-', size: 0, expected: { kind: 'unsatisfiable' } },
];

for (const r of ranges) {
  test(`range ${JSON.stringify(r.header)} of ${r.size}`, () => assert.deepEqual(decideRange(r.header, r.size), r.expected));
}

test('If-Range: the current tag or the exact Last-Modified lets the range through; anything else sends the whole file', () => {
  const modified = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
  const tag = entityTag(1000, modified.getTime());
  assert.equal(ifRangeHolds(undefined, tag, modified), true);
  assert.equal(ifRangeHolds(tag, tag, modified), true);
  assert.equal(ifRangeHolds(modified.toUTCString(), tag, modified), true);
  assert.equal(ifRangeHolds(entityTag(1001, modified.getTime()), tag, modified), false);
  assert.equal(ifRangeHolds(`W/${tag}`, tag, modified), false);
  assert.equal(ifRangeHolds(new Date(modified.getTime() + 1000).toUTCString(), tag, modified), false);
  assert.equal(ifRangeHolds('garbage', tag, modified), false);
});
