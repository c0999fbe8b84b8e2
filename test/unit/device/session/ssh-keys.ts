// Key pairs for test SSH servers and clients. ssh2 1.17's generateKeyPairSync('ed25519') returns,
// about 3 times in 1000, a private key its own parseKey rejects ("Malformed OpenSSH private key");
// a test must not fail on that, so a pair is regenerated until ssh2 can read it back.
import { utils as sshUtils } from 'ssh2';

export function readableKeyPair(passphrase?: string): { private: string; public: string } {
  for (let i = 0; i < 20; i++) {
    const pair = passphrase === undefined ? sshUtils.generateKeyPairSync('ed25519') : sshUtils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-cbc', rounds: 1 });
    if (!(sshUtils.parseKey(pair.private, passphrase) instanceof Error)) return pair;
  }
  throw new Error('ssh2 could not read back any of 20 generated ed25519 keys');
}
