// Which inventory entries identify the box itself — the chassis, or each member of a stack — so the
// product can show one PID and serial per unit without the user reading the whole inventory.
import type { InventoryEntry, ShowInventory } from './show-inventory';

/**
 * How `chassisOf` chose, in the order it tries:
 * - `stack-members`: entries named `Switch N` (Catalyst 3850/9200/9300 stacks), `Switch N Chassis`
 *   (C9500X/C9600 StackWise Virtual) or `SwitchN System` (Catalyst 4500 VSS) — one unit per member;
 * - `chassis-entry`: the entry named `Chassis` (ASR/ISR/Catalyst 8000/9400/9500/IE, IOS-XE) or
 *   `Switch System` (Catalyst 4500/4900);
 * - `chassis-word`: the first entry whose name or description says `chassis` (`2821 chassis`,
 *   `CISCO3945-CHASSIS`, a Catalyst 6500 `WS-C6504-E` described as `… Chassis System`, IOSv);
 * - `numbered-members`: no chassis entry, entries named `1`, `2`… (classic IOS Catalyst 2960/3560/3750
 *   stacks and standalone switches name each switch by its number);
 * - `first-entry`: none of the above; IOS lists the box first (ME1200). Only when that entry has a
 *   PID or serial: a `| include` excerpt of sensor names identifies nothing.
 *
 * Meant for a full `show inventory`: given `show inventory "<name>"` it would report that one entry.
 */
export type ChassisRule = 'stack-members' | 'chassis-entry' | 'chassis-word' | 'numbered-members' | 'first-entry';

export interface ChassisUnit {
  /** The stack member's number, for `stack-members` and `numbered-members`. */
  member?: number;
  name: string;
  descr?: string;
  pid?: string;
  vid?: string;
  sn?: string;
  /** A stack member that is configured but absent: IOS-XE describes it as `C9300-24U - Provisioned`. */
  provisionedOnly?: boolean;
}

export interface ChassisIdentity {
  rule: ChassisRule;
  units: ChassisUnit[];
}

const STACK_MEMBER = /^Switch ?(\d+)(?: Chassis| System)?$/;
const CHASSIS_NAME = /^(?:Chassis|Switch System)$/;
const NUMBERED = /^\d+$/;

/** The chassis (or the stack members) of an inventory, with the rule that picked them; undefined when none can be told. */
export function chassisOf(inv: ShowInventory): ChassisIdentity | undefined {
  const entries = inv.entries;
  if (entries.length === 0) return undefined;
  const members = entries.filter((e) => STACK_MEMBER.test(e.name.trim()));
  if (members.length > 0) return { rule: 'stack-members', units: members.map((e) => unit(e, Number(STACK_MEMBER.exec(e.name.trim())![1]))) };
  const named = entries.find((e) => CHASSIS_NAME.test(e.name.trim()));
  if (named) return { rule: 'chassis-entry', units: [unit(named)] };
  const word = entries.find((e) => /chassis/i.test(e.name) || /chassis/i.test(e.descr ?? ''));
  if (word) return { rule: 'chassis-word', units: [unit(word)] };
  const numbered = entries.filter((e) => NUMBERED.test(e.name.trim()));
  if (numbered.length > 0) return { rule: 'numbered-members', units: numbered.map((e) => unit(e, Number(e.name.trim()))) };
  const first = entries[0]!;
  return first.pid || first.sn ? { rule: 'first-entry', units: [unit(first)] } : undefined;
}

function unit(e: InventoryEntry, member?: number): ChassisUnit {
  const u: ChassisUnit = { name: e.name };
  if (member !== undefined) u.member = member;
  if (e.descr !== undefined) u.descr = e.descr;
  if (e.pid !== undefined) u.pid = e.pid;
  if (e.vid !== undefined) u.vid = e.vid;
  if (e.sn !== undefined) u.sn = e.sn;
  if (e.descr && /- Provisioned\s*$/.test(e.descr)) u.provisionedOnly = true;
  return u;
}
