// show inventory against genieparser (ShowInventory, ShowInventoryName, ShowInventoryOID,
// ShowInventoryRaw) and ntc-templates: every upstream item is looked up by name among our entries
// and its descr/pid/vid/sn/oid must equal ours.
import assert from 'node:assert/strict';
import { parseShowInventory, type InventoryEntry } from '../../../../../src/device/parsers';
import type { PyValue } from '../../../../helpers/python-literal';
import { FieldCheck, asDict, type Comparator, type CompareResult } from './compare';
import type { CorpusCase } from './corpus';

type Field = 'descr' | 'pid' | 'vid' | 'sn' | 'oid';
const FIELDS: Field[] = ['descr', 'pid', 'vid', 'sn', 'oid'];

/** One item as upstream has it: its name, its fields in upstream's spelling, and where it sits. */
interface UpstreamItem {
  name: string;
  fields: Partial<Record<Field, PyValue>>;
  where: string;
}

/**
 * Our entry in upstream's conventions, mapped once: an empty field is '' upstream (absent in ours);
 * genie's `show inventory raw` parser removes the spaces inside PID and VID (`Unknown PID` →
 * `UnknownPID`). Spaces at either end are not compared (see `trimmed`).
 */
function upstreamView(e: InventoryEntry, squeezePidVid: boolean): Record<Field | 'name', string> {
  const squeeze = (s: string) => (squeezePidVid ? s.replace(/ /g, '') : s);
  return { name: e.name.trim(), descr: (e.descr ?? '').trim(), pid: squeeze(e.pid ?? ''), vid: squeeze(e.vid ?? ''), sn: e.sn ?? '', oid: e.oid ?? '' };
}

/**
 * Upstream's value without the spaces at either end. IOS pads the PID/VID/SN columns and some
 * quoted values (`"Switch1 Mux Buffer 1 "`); genie's IOS parser keeps that padding (`'V04 '`), its
 * IOS-XE parsers strip it, and ours trims the columns but keeps the quoted text verbatim — so the
 * padding is no information to compare.
 */
function trimmed(v: PyValue | undefined): PyValue | undefined {
  return typeof v === 'string' ? v.trim() : v;
}

/** genie's ShowInventory nests items by slot/rp/lc/subslot/other (or `index`): every dict with a `name` is one. */
function genieGroupedItems(expected: PyValue): UpstreamItem[] {
  const out: UpstreamItem[] = [];
  const walk = (v: PyValue, path: string) => {
    const d = asDict(v);
    if (typeof d.name === 'string') out.push({ name: d.name, fields: { descr: d.descr, pid: d.pid, vid: d.vid, sn: d.sn }, where: path });
    for (const [k, sub] of Object.entries(d)) if (sub !== null && typeof sub === 'object') walk(sub, `${path}.${k}`);
  };
  walk(expected, '');
  return out;
}

/** ShowInventoryRaw / OID / Name: `{ name: { <NAME>: { description, pid?, vid?, sn?, oid? } } }`. */
function genieByNameItems(expected: PyValue): UpstreamItem[] {
  return Object.entries(asDict(asDict(expected).name)).map(([name, v]) => {
    const d = asDict(v);
    return { name, fields: { descr: d.description, pid: d.pid, vid: d.vid, sn: d.sn, oid: d.oid }, where: `name.${name}` };
  });
}

function ntcItems(expected: PyValue): UpstreamItem[] {
  return (expected as PyValue[]).map((v, i) => {
    const d = asDict(v);
    return { name: String(d.name), fields: { descr: d.descr, pid: d.pid, vid: d.vid, sn: d.sn }, where: `[${i}]` };
  });
}

/**
 * Where upstream's expected value is itself wrong, by file: the items named are not compared (the
 * test asserts they still differ from ours, so a fixed upstream shows up), the rest are, and the
 * file is reported as not comparable with the reason.
 */
const ERRATA: Record<string, { items: (i: UpstreamItem) => boolean; reason: string }> = {
  // Line 25's DESCR lost its closing quote (`"SFP+ Transceiver 10Gbase-SR Te1/1L`): genie's regex
  // skips that NAME line and files the transceiver's PID line (SFP-10G-SR, V03, AVD656567YT) under
  // the DFC card before it, whose own PID is C6800-DFC-XL with no VID.
  'genie/ios/cat6k/ShowInventory/golden_output_2_output.txt': {
    items: (i) => i.where === '.index.8',
    reason: 'upstream index 8 (the C6800-DFC-XL card) carries the PID/VID/SN of the transceiver whose NAME line is cut short',
  },
};

function compareItems(c: CorpusCase, items: UpstreamItem[], squeezePidVid = false): CompareResult {
  const inv = parseShowInventory(c.output);
  const check = new FieldCheck(c.record.local_path);
  const views = inv.entries.map((e) => upstreamView(e, squeezePidVid));
  const used = new Set<number>();
  const erratum = ERRATA[c.record.local_path];
  let skipped = 0;
  assert.ok(items.length > 0, 'upstream has no items');
  for (const raw of items) {
    const item: UpstreamItem = { ...raw, name: raw.name.trim(), fields: Object.fromEntries(Object.entries(raw.fields).map(([k, v]) => [k, trimmed(v)])) };
    const named = views.map((v, i) => ({ v, i })).filter(({ v }) => v.name === item.name);
    assert.ok(named.length > 0, `${c.record.local_path}: upstream item ${item.where} "${item.name}" not found among ours`);
    // Same-named entries (ntc's three "One port Fastethernet TX") are taken in turn, the matching one
    // first; genie files some entries under two groups (`main.chassis` and `slot.0.rp`), so once all
    // are taken an entry may be matched again.
    const matches = (v: Record<string, string>) => FIELDS.every((f) => item.fields[f] === undefined || item.fields[f] === v[f]);
    const free = named.filter(({ i }) => !used.has(i));
    const pool = free.length > 0 ? free : named;
    const pick = pool.find(({ v }) => matches(v)) ?? pool[0]!;
    used.add(pick.i);
    if (erratum?.items(item)) {
      assert.ok(!matches(pick.v), `${c.record.local_path}: erratum ${item.where} now matches ours — remove it from ERRATA`);
      skipped++;
      continue;
    }
    for (const f of FIELDS) check.eq(pick.v[f], item.fields[f], `${item.where} "${item.name}" ${f}`);
  }
  if (erratum) return { notComparable: `${erratum.reason} (${skipped} upstream item(s) skipped; the other ${items.length - skipped} compared, ${check.compared.length} fields)` };
  return check.result();
}

export const inventoryComparators: Record<string, Comparator> = {
  ShowInventory: (c) => compareItems(c, genieGroupedItems(c.expected)),
  ShowInventoryName: (c) => compareItems(c, genieByNameItems(c.expected)),
  ShowInventoryOID: (c) => compareItems(c, genieByNameItems(c.expected), true),
  ShowInventoryRaw: (c) => compareItems(c, genieByNameItems(c.expected), true),
  'ntc show inventory': (c) => compareItems(c, ntcItems(c.expected)),
};
