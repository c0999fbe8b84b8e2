// Which blocked jobs a person may confirm, and how: erasing flash or removing the running/boot image
// needs the device's hostname typed; overwrite and mismatches need a plain confirm. Pure.
import type { CardCheck, CardConfirmation, PendingConfirmation } from './protocol';

const typedConfirmations: ReadonlySet<CardConfirmation> = new Set(['erase-flash', 'delete-running-image', 'install-reload']);

/** The confirmation a blocked outcome asks for, or undefined when a block cannot be confirmed (must be fixed). */
export function pendingFor(blocked: CardCheck[], hostname: string): PendingConfirmation | undefined {
  if (blocked.length === 0 || blocked.some((c) => !c.confirmation)) return undefined;
  const confirmations = [...new Set(blocked.map((c) => c.confirmation!))];
  return { kind: confirmations.some((c) => typedConfirmations.has(c)) ? 'typed' : 'plain', confirmations, hostname, checks: blocked };
}

/** Whether the user's answer lifts the pending block. Hostnames compare exactly (IOS hostnames are case-sensitive). */
export function confirmationAccepted(pending: PendingConfirmation, typedHostname: string | undefined): boolean {
  if (pending.kind === 'plain') return true;
  return typedHostname !== undefined && typedHostname.trim() === pending.hostname;
}

const declinedWhat: Record<CardConfirmation, string> = {
  'erase-flash': 'erase flash',
  overwrite: 'overwrite the file already there',
  'platform-mismatch': 'copy an image made for another platform',
  'checksum-mismatch': 'copy an image whose checksum does not match',
  'delete-running-image': 'replace the running or boot image',
  'remove-inactive': 'remove the inactive install packages listed',
  'install-reload': 'install the image and reload the device',
};

/** What the confirmation allows, in words: `erase flash`, `erase flash and overwrite the file already there`. */
export function confirmationWords(pending: PendingConfirmation, joiner: 'and' | 'or'): string {
  const what = pending.confirmations.map((c) => declinedWhat[c]);
  return what.length > 1 ? `${what.slice(0, -1).join(', ')} ${joiner} ${what.at(-1)}` : (what[0] ?? '');
}

/** What a declined job says: a choice, not a failure, and what it left as it was. */
export function declinedMessage(pending: PendingConfirmation): string {
  return `Not copied: you chose not to ${confirmationWords(pending, 'or')}. The copy did not start; ${pending.hostname} is as it was.`;
}
