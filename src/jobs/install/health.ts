// After the reload: is the device healthy enough to commit? It answers SSH (the caller reconnected
// with the same host key), `show version` says the new version, every member that went down is back,
// and `show install summary` shows the new image activated — uncommitted after `install activate`,
// committed after the one-shot. Each fact is reported, good or bad, so the card and the CLI can show
// why the job committed or did not.
import { type DeviceSession, parseShowInstallSummary, parseShowVersion, sameXeVersion, type ShowInstallSummary, type ShowVersion } from '../../device';
import type { JobLog } from '../job-log';
import type { HealthReport, InstallMember } from './types';

export interface HealthExpectation {
  release?: string;
  members: InstallMember[];
  /** What the new image's package state must be. */
  state: 'activated-uncommitted' | 'activated-committed';
}

async function read<T>(session: DeviceSession, command: string, parse: (t: string) => T, log: JobLog): Promise<{ value?: T; problem?: string }> {
  log.add('sent', command);
  try {
    const text = await session.run(command, { timeoutMs: 60_000 });
    log.add('received', text.trim());
    return { value: parse(text) };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

/** Pure: the health facts from what the device printed. */
export function judgeHealth(hostname: string, want: HealthExpectation, version: ShowVersion | undefined, summary: ShowInstallSummary | undefined, problems: string[] = []): HealthReport {
  const facts: HealthReport['facts'] = [{ ok: true, text: `${hostname} answers SSH again, with the same host key` }];
  for (const p of problems) facts.push({ ok: false, text: p });
  const running = version?.xeVersion ?? version?.version;
  if (version) {
    const newOne = want.release !== undefined && running !== undefined && sameXeVersion(running, want.release);
    facts.push({ ok: newOne, text: `show version: ${running ?? 'no version'}${want.release ? (newOne ? ` — the new version` : `, not ${want.release}`) : ''}` });
    if (version.bootMode) facts.push({ ok: version.bootMode === 'install', text: `mode: ${version.bootMode.toUpperCase()}` });
    const expected = want.members.filter((m) => m.switchNumber !== undefined);
    if (expected.length) {
      const present = new Set((version.stack ?? []).map((s) => s.switchNumber));
      const missing = expected.filter((m) => !present.has(m.switchNumber!));
      const behind = (version.stack ?? []).filter((s) => want.release !== undefined && !sameXeVersion(s.swVersion, want.release));
      facts.push({ ok: missing.length === 0, text: missing.length ? `${missing.map((m) => m.name).join(', ')} did not come back (not in the stack table)` : `every member is back: ${expected.map((m) => m.name).join(', ')}` });
      if (behind.length) facts.push({ ok: false, text: `${behind.map((s) => `Switch ${s.switchNumber} runs ${s.swVersion}`).join(', ')}` });
    }
  }
  if (summary) {
    const img = summary.locations.flatMap((l) => l.packages).filter((p) => p.type === 'IMG' && (want.release === undefined || (p.version !== undefined && sameXeVersion(p.version, want.release))));
    const inState = img.some((p) => p.state === want.state);
    facts.push({ ok: inState, text: `show install summary: ${img.length ? img.map((p) => `IMG ${p.stateCode} ${p.filenameOrVersion}`).join(', ') : 'the new image is not listed'}${inState ? '' : ` (expected ${want.state === 'activated-uncommitted' ? 'U, activated and uncommitted' : 'C, committed'})`}` });
  }
  return { healthy: facts.every((f) => f.ok), facts, ...(running ? { version: running } : {}) };
}

export async function checkHealth(session: DeviceSession, hostname: string, want: HealthExpectation, log: JobLog): Promise<HealthReport> {
  const problems: string[] = [];
  const v = await read(session, 'show version', parseShowVersion, log);
  if (v.problem) problems.push(`show version could not be read: ${v.problem}`);
  const s = await read(session, 'show install summary', parseShowInstallSummary, log);
  if (s.problem) problems.push(`show install summary could not be read: ${s.problem}`);
  return judgeHealth(hostname, want, v.value, s.value, problems);
}
