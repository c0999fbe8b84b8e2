// The result of one pre-flight check: ok / warning / blocking, with the facts behind it. Blocking
// results that a person may override name the explicit confirmation that lifts them.

export type CheckStatus = 'ok' | 'info' | 'warning' | 'blocking';

/** Confirmations a user can give; each lifts only the block that names it. */
export type Confirmation = 'erase-flash' | 'overwrite' | 'platform-mismatch' | 'checksum-mismatch' | 'delete-running-image' | 'remove-inactive' | 'install-reload';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** One sentence a network engineer reads first. */
  summary: string;
  /** The facts behind it, one per line (sizes, names, values read from the device). */
  facts: string[];
  /** What to do about it, when something can be done. */
  remedy?: string;
  /** When blocking: the confirmation that lifts it, if any (none = must be fixed). */
  confirmation?: Confirmation;
  /** A check may conclude that the copy is unnecessary (same image already there). */
  skipCopy?: boolean;
}

/** Applies the user's confirmations: a confirmed block becomes a warning that says it was confirmed. */
export function applyConfirmations(results: CheckResult[], confirmed: ReadonlySet<Confirmation>): CheckResult[] {
  return results.map((r) =>
    r.status === 'blocking' && r.confirmation && confirmed.has(r.confirmation)
      ? { ...r, status: 'warning', facts: [...r.facts, `confirmed by the user (${r.confirmation})`] }
      : r,
  );
}

export function blockers(results: CheckResult[]): CheckResult[] {
  return results.filter((r) => r.status === 'blocking');
}
