// Which blocked jobs a person may confirm, and how: erasing flash or removing the running/boot image
// needs the device's hostname typed; overwrite and mismatches need a plain confirm. Pure.
import type { CardCheck, CardConfirmation, PendingConfirmation } from './protocol';

const typedConfirmations: ReadonlySet<CardConfirmation> = new Set(['erase-flash', 'delete-running-image']);

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
