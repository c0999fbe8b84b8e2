import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyConfirmations } from '../../../src/jobs/preflight/check';
import { checkChecksum, parseChecksumFile } from '../../../src/jobs/preflight/checksum';
import { checkErase } from '../../../src/jobs/preflight/erase';
import { checkExistingFile } from '../../../src/jobs/preflight/existing-file';
import { checkImageMatch, describeHeader } from '../../../src/jobs/preflight/image-match';
import { checkReachability } from '../../../src/jobs/preflight/reachability';
import { checkSpace } from '../../../src/jobs/preflight/space';
import { advisesTftpBlocksize, checkTftpBlocksize } from '../../../src/jobs/preflight/tftp-blocksize';
import { c2960x, mib } from './preflight-fixture';

test('space: fits with headroom', () => {
  const d = c2960x();
  const r = checkSpace({ device: d, destination: d.fileSystems[0], destinationName: 'new.bin', fileSizeBytes: 40 * mib });
  assert.equal(r.status, 'ok');
});

test('space: headroom counts — 55 MiB + 10% does not fit in 60 MiB; proposes the old image, not the running one', () => {
  const d = c2960x();
  const r = checkSpace({ device: d, destination: d.fileSystems[0], destinationName: 'new.bin', fileSizeBytes: 55 * mib });
  assert.equal(r.status, 'blocking');
  assert.deepEqual(r.proposal?.map((p) => [p.file, p.protectedAs]), [['old-c2960x-universalk9-mz.152-4.E8.bin', undefined]]);
  assert.equal(r.confirmation, undefined, 'no override: delete the proposed file first');
});

test('space: a file of the same name that would be replaced is credited', () => {
  const d = c2960x();
  const r = checkSpace({ device: d, destination: d.fileSystems[0], destinationName: 'old-c2960x-universalk9-mz.152-4.E8.bin', fileSizeBytes: 70 * mib });
  assert.equal(r.status, 'ok', r.summary);
});

test('space: only fits after deleting the running image — said loudly, needs its own confirmation, configs never proposed', () => {
  const d = c2960x();
  const r = checkSpace({ device: d, destination: d.fileSystems[0], destinationName: 'new.bin', fileSizeBytes: 90 * mib });
  assert.equal(r.status, 'blocking');
  assert.ok(r.proposal?.some((p) => p.protectedAs === 'running image'));
  assert.ok(!r.proposal?.some((p) => p.file === 'config.text' || p.file === 'vlan.dat'));
  assert.equal(r.confirmation, 'delete-running-image');
  assert.match(r.summary, /runs or boots/);
});

test('space: too big even after deleting everything', () => {
  const d = c2960x();
  const r = checkSpace({ device: d, destination: d.fileSystems[0], destinationName: 'new.bin', fileSizeBytes: 200 * mib });
  assert.equal(r.status, 'blocking');
  assert.equal(r.proposal, undefined);
  assert.match(r.summary, /does not fit/);
});

test('erase: Class B flash blocks until confirmed, and says what a failure means', () => {
  const d = c2960x({ hostname: 'R2500' });
  const fs = { ...d.fileSystems[0], eraseBeforeCopy: true };
  const r = checkErase({ device: d, destination: fs });
  assert.equal(r.status, 'blocking');
  assert.equal(r.confirmation, 'erase-flash');
  assert.match(r.summary, /ERASES flash: on R2500/);
  assert.match(r.summary, /console/);
  assert.ok(r.facts.some((f) => f.includes('flash:c2960x-universalk9-mz.152-7.E3.bin')));
  const [confirmed] = applyConfirmations([r], new Set(['erase-flash']));
  assert.equal(confirmed.status, 'warning');
  const [other] = applyConfirmations([r], new Set(['overwrite']));
  assert.equal(other.status, 'blocking', 'another confirmation does not lift it');
  assert.equal(checkErase({ device: d, destination: d.fileSystems[0] }).status, 'ok');
});

test('image match: family vs model, and unknown families warn', () => {
  const d = c2960x();
  assert.equal(checkImageMatch(d, 'c2960x-universalk9-mz.152-7.E4.bin').status, 'ok');
  const wrong = checkImageMatch(d, 'isr4300-universalk9.17.09.04a.SPA.bin');
  assert.equal(wrong.status, 'blocking');
  assert.equal(wrong.confirmation, 'platform-mismatch');
  assert.match(wrong.summary, /image for ISR 4300, but the model of SW1 is WS-C2960X-48FPD-L/);
  assert.equal(checkImageMatch(d, 'c2960-lanbasek9-mz.150-2.SE11.bin').status, 'blocking', 'plain 2960 image on a 2960-X');
  assert.equal(checkImageMatch(d, 'mystery-image.bin').status, 'warning');
  assert.equal(checkImageMatch(c2960x({ platform: 'ISR4331/K9' }), 'isr4300-universalk9.17.09.04a.SPA.bin').status, 'ok');
  assert.equal(checkImageMatch(c2960x({ platform: 'CISCO2911/K9' }), 'c2900-universalk9-mz.SPA.157-3.M8.bin').status, 'ok');
});

test('image match: the header tells an HTML error page from an image', () => {
  const html = Buffer.from('<!DOCTYPE html><html><body>Access denied</body></html>');
  const r = checkImageMatch(c2960x(), 'c2960x-universalk9-mz.152-7.E4.bin', html);
  assert.equal(r.status, 'blocking');
  const elf = Buffer.alloc(64);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 1, 2], 0);
  elf.writeUInt16BE(20, 18);
  assert.deepEqual(describeHeader(elf), { kind: 'elf', detail: 'ELF executable for PowerPC' });
  assert.equal(checkImageMatch(c2960x(), 'c2960x-universalk9-mz.152-7.E4.bin', elf).status, 'ok');
});

test('checksum: published file formats, match and mismatch', () => {
  const md5 = '0123456789abcdef0123456789abcdef';
  assert.equal(parseChecksumFile(`${md5}  c2960x.bin\n`, 'md5'), md5);
  assert.equal(parseChecksumFile(`MD5 (c2960x.bin) = ${md5.toUpperCase()}`, 'md5'), md5);
  assert.equal(parseChecksumFile(md5, 'md5'), md5);
  assert.equal(parseChecksumFile('no digest here', 'md5'), undefined);
  assert.equal(checkChecksum({ md5 }, undefined).status, 'info');
  assert.equal(checkChecksum({ md5 }, { algorithm: 'md5', value: md5.toUpperCase(), source: 'x.md5' }).status, 'ok');
  const bad = checkChecksum({ md5 }, { algorithm: 'md5', value: 'f'.repeat(32), source: 'x.md5' });
  assert.equal(bad.status, 'blocking');
  assert.equal(bad.confirmation, 'checksum-mismatch');
});

test('existing file: same MD5 skips the copy; a different running image needs the strongest confirmation', () => {
  const d = c2960x();
  const name = 'c2960x-universalk9-mz.152-7.E3.bin';
  const same = checkExistingFile({ device: d, destination: d.fileSystems[0], destinationName: name, localSizeBytes: 26 * mib, localMd5: 'aa', deviceMd5: 'AA' });
  assert.equal(same.status, 'ok');
  assert.equal(same.skipCopy, true);
  const differs = checkExistingFile({ device: d, destination: d.fileSystems[0], destinationName: name, localSizeBytes: 26 * mib, localMd5: 'aa', deviceMd5: 'bb' });
  assert.equal(differs.status, 'blocking');
  assert.equal(differs.confirmation, 'delete-running-image');
  const other = checkExistingFile({ device: d, destination: d.fileSystems[0], destinationName: 'old-c2960x-universalk9-mz.152-4.E8.bin', localSizeBytes: 1, localMd5: 'aa' });
  assert.equal(other.confirmation, 'overwrite');
  assert.equal(checkExistingFile({ device: d, destination: d.fileSystems[0], destinationName: 'new.bin', localSizeBytes: 1, localMd5: 'aa' }).status, 'ok');
  assert.match(differs.summary, /exists and differs from the local file/);
  // No verify /md5 on this IOS (a 2500): same size, nothing compared — it must not claim "differs".
  const unknown = checkExistingFile({ device: d, destination: d.fileSystems[0], destinationName: name, localSizeBytes: 26 * mib, localMd5: 'aa' });
  assert.equal(unknown.status, 'blocking');
  assert.match(unknown.summary, /exists with the same size \(27262976 bytes\); its contents were not compared/);
  assert.doesNotMatch(unknown.summary, /differs/);
});

test('tftp blocksize: the UI offers 8192 exactly where the pre-flight advises it', () => {
  assert.equal(advisesTftpBlocksize(c2960x(), undefined, 40 * mib), true);
  assert.equal(advisesTftpBlocksize(c2960x(), undefined, 20 * mib), false, 'small image');
  assert.equal(advisesTftpBlocksize(c2960x(), 8192, 400 * mib), false, 'already set');
  assert.equal(advisesTftpBlocksize({ version: '12.2(29b)' }, undefined, 40 * mib), false, 'no ip tftp blocksize before 12.4');
  assert.equal(advisesTftpBlocksize({ version: '16.9.5' }, undefined, 200 * mib), true);
});

test('check texts: the model named without a wrong article, plural counts', () => {
  const ok = checkImageMatch(c2960x({ platform: 'ISR4331/K9' }), 'isr4300-universalk9.17.09.04a.SPA.bin');
  assert.match(ok.summary, /and the model of SW1 is ISR4331\/K9\.$/);
  const d = c2960x();
  const fs = { ...d.fileSystems[0], freeBytes: 1, files: [{ name: 'big.bin', sizeBytes: 60 * mib }] };
  const space = checkSpace({ device: d, destination: fs, destinationName: 'new.bin', fileSizeBytes: 30 * mib });
  assert.equal(space.title, 'Free space', 'no title ending in `flash:` (it read `flash::` before its colon)');
  assert.match(space.summary, /only after deleting 1 file\b/);
});

test('tftp blocksize: suggested for large images where IOS has the command', () => {
  assert.equal(checkTftpBlocksize(c2960x(), 20 * mib).status, 'ok');
  assert.equal(checkTftpBlocksize(c2960x(), 40 * mib).status, 'warning');
  assert.equal(checkTftpBlocksize(c2960x({ config: { tftpBlocksize: 8192 } }), 400 * mib).status, 'ok');
  assert.equal(checkTftpBlocksize(c2960x({ version: '12.2(4)T' }), 40 * mib).status, 'info');
});

test('reachability: bound address, standard port, not running', () => {
  assert.equal(checkReachability({ protocol: 'tftp', deviceFacingAddress: '10.1.1.5', bound: { address: '0.0.0.0', port: 69 } }).status, 'ok');
  const local = checkReachability({ protocol: 'tftp', deviceFacingAddress: '10.1.1.5', bound: { address: '127.0.0.1', port: 69 } });
  assert.equal(local.status, 'blocking');
  assert.match(local.summary, /would time out/);
  const port = checkReachability({ protocol: 'rcp', deviceFacingAddress: '10.1.1.5', bound: { address: '10.1.1.5', port: 5140 } });
  assert.equal(port.status, 'blocking');
  assert.match(port.remedy ?? '', /ip_unprivileged_port_start=514/);
  assert.equal(checkReachability({ protocol: 'rcp', deviceFacingAddress: '127.0.0.1', bound: { address: '127.0.0.1', port: 5140 }, devicePortMapped: true }).status, 'ok');
  assert.equal(checkReachability({ protocol: 'ftp', deviceFacingAddress: '10.1.1.5', bindError: 'EACCES' }).status, 'blocking');
});
