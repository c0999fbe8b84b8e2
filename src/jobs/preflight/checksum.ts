// The local image's digest, computed once, against what Cisco publishes for it: a `.md5` or
// `.sha512` file next to the image (as the download site offers) or a value the user pastes.
import type { CheckResult } from './check';

export interface LocalDigests {
  md5: string;
  sha512?: string;
  /** What the engine reports for a transfer; computed in the same pass so the engine need not hash again. */
  sha256?: string;
}

export interface ExpectedDigest {
  algorithm: 'md5' | 'sha512';
  value: string;
  /** Where it came from, e.g. `c2960x….bin.md5` or `entered by the user`. */
  source: string;
}

/** Reads a checksum file: a bare digest, `md5sum` output (`<hex>  name`), or BSD style (`MD5 (name) = <hex>`). */
export function parseChecksumFile(text: string, algorithm: 'md5' | 'sha512'): string | undefined {
  const len = algorithm === 'md5' ? 32 : 128;
  const re = new RegExp(`(?:^|[\\s=(])([0-9a-fA-F]{${len}})(?=$|[\\s)])`, 'm');
  return re.exec(text)?.[1]?.toLowerCase();
}

export function checkChecksum(local: LocalDigests, expected: ExpectedDigest | undefined): CheckResult {
  const id = 'checksum';
  const title = 'Image checksum';
  const facts = [`MD5 ${local.md5}`, ...(local.sha512 ? [`SHA-512 ${local.sha512.slice(0, 32)}…`] : [])];
  if (!expected) {
    return { id, title, status: 'info', summary: 'No published checksum to compare with; the device\'s copy will be verified against this MD5.', facts, remedy: 'Put the .md5 from Cisco\'s download page next to the image to have it checked before the copy.' };
  }
  const actual = expected.algorithm === 'md5' ? local.md5 : local.sha512;
  facts.push(`expected ${expected.algorithm.toUpperCase()} ${expected.value} (${expected.source})`);
  if (actual === undefined) {
    return { id, title, status: 'warning', summary: `The ${expected.algorithm.toUpperCase()} of the local file was not computed.`, facts };
  }
  if (actual.toLowerCase() === expected.value.toLowerCase()) {
    return { id, title, status: 'ok', summary: `The local image matches its published ${expected.algorithm.toUpperCase()}.`, facts };
  }
  return {
    id,
    title,
    status: 'blocking',
    summary: `The local image does NOT match its published ${expected.algorithm.toUpperCase()}: it is corrupt, truncated or a different file.`,
    facts,
    remedy: 'Download the image again and compare it with the checksum on Cisco\'s download page.',
    confirmation: 'checksum-mismatch',
  };
}
