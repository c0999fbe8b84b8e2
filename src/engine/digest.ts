// MD5 (what IOS `verify /md5` prints) and SHA-256 of the bytes transferred: an upload's as they
// arrive (digest-worker.ts), a download's from the served file, unchanged while it was sent
// (file-hasher.ts, shared through digest-cache.ts).
export interface Digests {
  md5: string;
  sha256: string;
}
