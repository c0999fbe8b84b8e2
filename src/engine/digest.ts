// MD5 (what IOS `verify /md5` prints) and SHA-256 of the bytes actually transferred; computed as
// they stream, on the shared worker (digest-worker.ts).
export interface Digests {
  md5: string;
  sha256: string;
}
