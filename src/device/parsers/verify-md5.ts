// `verify /md5 <fs:file> [expected]` (IOS 12.2(4)T / 12.0(22)S and later): a line of dots ending
// `Done!`, then `verify /md5 (<file>) = <hash>`; with an expected hash `Verified (<file>) = <hash>`,
// or on mismatch `%Error verifying <file>` with `Computed signature =` / `Submitted signature =`.
import { outputLines, refuseLongLines, rejectionLine } from './output-lines';
import { ParseError } from './parse-error';

export interface VerifyMd5Result {
  file: string;
  /** The digest the device computed, lower-case hex. */
  md5: string;
  /** Only when an expected hash was given on the command line. */
  expectedMatched?: boolean;
  /** The submitted hash on a mismatch, lower-case hex. */
  expectedMd5?: string;
}

const CMD = 'verify /md5';
const HEX = '([0-9A-Fa-f]{32})';

export function parseVerifyMd5(text: string): VerifyMd5Result {
  const lines = outputLines(text, /^verify\s+\/md5\s+\S+(\s+[0-9A-Fa-f]{32})?\s*$/i);
  refuseLongLines(CMD, lines);
  const rej = rejectionLine(lines);
  // Images older than 12.2(4)T have only `verify <file>` and reject /md5 with the ^ marker.
  if (rej) throw new ParseError(CMD, 'the device rejected the command (this IOS may predate verify /md5)', rej.text, rej.n);
  let file: string | undefined;
  let md5: string | undefined;
  let matched: boolean | undefined;
  let submitted: string | undefined;
  for (const l of lines) {
    const t = l.text.trim();
    if (t === '' || /^\.*(Done!)?$/.test(t)) continue;
    let m = new RegExp(`^verify /md5 \\((.+)\\)\\s*=\\s*${HEX}$`, 'i').exec(t);
    if (m) {
      file = m[1]!;
      md5 = m[2]!.toLowerCase();
      continue;
    }
    m = new RegExp(`^Verified (?:/md5 )?\\((.+)\\)\\s*=\\s*${HEX}$`, 'i').exec(t);
    if (m) {
      file = m[1]!;
      md5 = m[2]!.toLowerCase();
      matched = true;
      continue;
    }
    m = /^%Error verifying (\S+)$/i.exec(t);
    if (m) {
      file = m[1]!;
      matched = false;
      continue;
    }
    m = new RegExp(`^Computed\\s+signature\\s*=\\s*${HEX}$`, 'i').exec(t);
    if (m) {
      md5 = m[1]!.toLowerCase();
      continue;
    }
    m = new RegExp(`^Submitted\\s+signature\\s*=\\s*${HEX}$`, 'i').exec(t);
    if (m) {
      submitted = m[1]!.toLowerCase();
      continue;
    }
    if (/^%Error/.test(t)) throw new ParseError(CMD, 'the device reported an error', l.text, l.n);
    throw new ParseError(CMD, 'unexpected line', l.text, l.n);
  }
  if (!file || !md5) {
    const last = lines[lines.length - 1];
    throw new ParseError(CMD, 'no "verify /md5 (<file>) = <hash>" line (output truncated?)', last?.text ?? '', last?.n);
  }
  if (matched === false && !submitted) throw new ParseError(CMD, 'a mismatch without the "Submitted signature" line (output truncated?)');
  const r: VerifyMd5Result = { file, md5 };
  if (matched !== undefined) r.expectedMatched = matched;
  if (submitted) r.expectedMd5 = submitted;
  return r;
}
