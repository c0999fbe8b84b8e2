// A flag that takes seconds (`--reload-timeout S`, `--rollback-wait S`), as milliseconds.
import { UsageError } from './usage-error';

export function secondsOptionMs(command: string, name: string, raw: unknown, minSeconds: number): number | undefined {
  if (raw === undefined) return undefined;
  const s = Number(raw);
  if (!Number.isFinite(s) || s < minSeconds) throw new UsageError(`${command}: --${name} takes seconds, at least ${minSeconds}`);
  return s * 1000;
}
