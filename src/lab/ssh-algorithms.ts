// The SSH algorithms each IOS era offers, so that a client's handling of old devices is exercised
// against the lab as it is against real ones. Host keys are RSA on every era (`crypto key generate
// rsa`); what changes is how they sign and what else is offered:
// - IOS 12.x: diffie-hellman-group1-sha1 only ("Their offer: diffie-hellman-group1-sha1" is the
//   classic OpenSSH refusal), CBC ciphers, HMAC-SHA1/MD5.
// - IOS 15.x (ISR G2, Catalyst 2960-X): diffie-hellman-group-exchange-sha1 and group14-sha1,
//   AES-CTR besides CBC, HMAC-SHA1, `ssh-rsa` signatures only.
// - IOS-XE 16.x: ECDH key exchange and SHA-2 MACs, but still `ssh-rsa` (SHA-1) host-key signatures
//   only — OpenSSH 8.8+ refuses these with "no matching host key type found. Their offer: ssh-rsa".
// - IOS-XE 17.x: rsa-sha2-512/256 host-key signatures as well: nothing legacy is needed.

export type SshAlgorithmSetName = 'ios-12' | 'ios-15' | 'ios-xe-16' | 'ios-xe-17';

export interface SshAlgorithmSet {
  kex: string[];
  serverHostKey: string[];
  cipher: string[];
  hmac: string[];
  compress: string[];
}

export const sshAlgorithmSets: Record<SshAlgorithmSetName, SshAlgorithmSet> = {
  'ios-12': {
    kex: ['diffie-hellman-group1-sha1'],
    serverHostKey: ['ssh-rsa'],
    cipher: ['aes128-cbc', '3des-cbc', 'aes192-cbc', 'aes256-cbc'],
    hmac: ['hmac-sha1', 'hmac-sha1-96', 'hmac-md5', 'hmac-md5-96'],
    compress: ['none'],
  },
  'ios-15': {
    kex: ['diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1'],
    serverHostKey: ['ssh-rsa'],
    cipher: ['aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-cbc', '3des-cbc', 'aes192-cbc', 'aes256-cbc'],
    hmac: ['hmac-sha1', 'hmac-sha1-96'],
    compress: ['none'],
  },
  'ios-xe-16': {
    kex: ['ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521', 'diffie-hellman-group14-sha1'],
    serverHostKey: ['ssh-rsa'],
    cipher: ['aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com'],
    hmac: ['hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1'],
    compress: ['none'],
  },
  'ios-xe-17': {
    kex: ['ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521', 'diffie-hellman-group14-sha256', 'diffie-hellman-group16-sha512', 'diffie-hellman-group14-sha1'],
    serverHostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
    cipher: ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr'],
    hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1'],
    compress: ['none'],
  },
};

/**
 * `lab --legacy-ssh` / `legacyAlgorithms`: every device offers only what the oldest SSHv2 IOS
 * offers — group14-sha1, `ssh-rsa`, AES-CBC, HMAC-SHA1 — whatever its own era.
 */
export const forcedLegacySet: SshAlgorithmSet = {
  kex: ['diffie-hellman-group14-sha1'],
  serverHostKey: ['ssh-rsa'],
  cipher: ['aes128-cbc'],
  hmac: ['hmac-sha1'],
  compress: ['none'],
};

/** Whether a set needs a client's legacy algorithms (SHA-1 key exchange only, or `ssh-rsa` signatures only). */
export function needsLegacy(set: SshAlgorithmSet): boolean {
  const modernKex = set.kex.some((k) => !/sha1$/.test(k));
  const modernHostKey = set.serverHostKey.some((k) => k !== 'ssh-rsa' && k !== 'ssh-dss');
  return !modernKex || !modernHostKey;
}
