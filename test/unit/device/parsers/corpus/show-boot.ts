// `show boot` / `show bootvar` / `show boot system` comparators: genieparser's ShowBoot (Catalyst
// `key : value` and Cat9k ROMMON-variable layouts), ShowBootvar (routers) and ShowBootSystem (Cat9k).
import { parseShowBoot, splitBootVariable } from '../../../../../src/device/parsers';
import type { PyValue } from '../../../../helpers/python-literal';
import { asDict, type Comparator, FieldCheck } from './compare';

/** genie keeps the BOOT value as printed (`a,12;b;`); ours is its entries. */
const entries = (v: PyValue | undefined) => (v === undefined ? undefined : splitBootVariable(String(v)));
/** genie's booleans for `yes`/`no`/`enabled`/`disabled`. */
const bool = (v: PyValue | undefined) => (v === undefined ? undefined : Boolean(v));

export const showBootComparators: Record<string, Comparator> = {
  ShowBoot: (c) => {
    const b = parseShowBoot(c.output);
    const k = new FieldCheck(c.record.local_path);
    const g = asDict(c.expected);
    const active = asDict(g.active);
    k.eq(b.bootVariable, entries(active.boot_variable), 'active.boot_variable');
    k.eq(b.configRegister, active.configuration_register, 'active.configuration_register');
    k.eq(b.manualBoot, bool(active.manual_boot), 'active.manual_boot');
    k.eq(b.bootVariable, entries(g.boot_path_list), 'boot_path_list');
    k.eq(b.configFile, g.config_file, 'config_file');
    k.eq(b.manualBoot, bool(g.manual_boot), 'manual_boot');
    k.eq(b.enableBreak, bool(g.enable_break), 'enable_break');
    // An IE 4000 with an empty `BOOT path-list :` — genie leaves the key out; ours is [] (boots the first image).
    if (g.boot_path_list === undefined && active.boot_variable === undefined) k.eq(b.bootVariable, [], 'BOOT path-list (empty)');
    return k.result();
  },
  ShowBootvar: (c) => {
    const b = parseShowBoot(c.output);
    const k = new FieldCheck(c.record.local_path);
    const g = asDict(c.expected);
    const active = asDict(g.active);
    k.eq(b.bootVariable, entries(active.boot_variable) ?? (/^BOOT variable =\s*$/m.test(c.output) ? [] : undefined), 'active.boot_variable');
    k.eq(b.configRegister, active.configuration_register, 'active.configuration_register');
    k.eq(b.nextReloadConfigRegister, active.next_reload_configuration_register, 'active.next_reload_configuration_register');
    // genie copies the active value into next_reload_boot_variable: routers have one BOOT variable.
    k.eq(b.bootVariable, entries(g.next_reload_boot_variable), 'next_reload_boot_variable');
    k.eq(b.standbyNotReady, /Standby not ready/.test(c.output) ? true : undefined, 'Standby not ready');
    return k.result();
  },
  ShowBootSystem: (c) => {
    const b = parseShowBoot(c.output);
    const k = new FieldCheck(c.record.local_path);
    const g = asDict(c.expected);
    k.eq(b.bootVariable, entries(g.boot_variable), 'boot_variable');
    k.eq(b.bootMode, g.bootmode, 'bootmode');
    k.eq(b.enableBreak, bool(g.enable_break), 'enable_break');
    k.eq(b.manualBoot, bool(g.is_manual_boot), 'is_manual_boot');
    return k.result();
  },
};
