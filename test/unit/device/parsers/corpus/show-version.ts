// `show version` comparators: genieparser's ShowVersion (IOS, IOS-XE, NX-OS, ASA schemas) and
// ntc-templates' cisco_asa template, mapped field by field onto ShowVersion.
import { parseShowVersion, type ShowVersion } from '../../../../../src/device/parsers';
import type { PyValue } from '../../../../helpers/python-literal';
import { asDict, at, type Comparator, FieldCheck } from './compare';
import type { CorpusCase } from './corpus';

const str = (v: PyValue | undefined): string | undefined => (v === undefined || v === null ? undefined : String(v));
const kib = (v: PyValue | undefined): number | undefined => (v === undefined ? undefined : Number(String(v).replace(/\s*kB$/, '')) * 1024);
const mib = (v: PyValue | undefined): number | undefined => (v === undefined ? undefined : Number(/^(\d+)\s*MB$/.exec(String(v))?.[1]) * 1024 * 1024);

/** genie drops the `(fc1)` release tag from some ROM lines and keeps it on others; ours is as printed. */
function sameRom(ours: string | undefined, theirs: PyValue | undefined): string | undefined {
  if (theirs === undefined || ours === undefined) return ours;
  return ours.replace(/\s*\(fc\d+\)$/, '') === theirs ? String(theirs) : ours;
}

function iosOrXe(c: CorpusCase, v: ShowVersion, k: FieldCheck): void {
  const g = asDict(at(c.expected, 'version'));
  k.eq(v.hostname, g.hostname, 'hostname');
  k.eq(v.version, g.version, 'version');
  k.eq(v.xeVersion && `${v.xeVersion}${v.smuPatched ? ' - SMU-PATCHED' : ''}`, g.xe_version, 'xe_version (and SMU-PATCHED)');
  k.eq(v.imageFile, g.system_image, 'system_image');
  k.eq(v.softwareImage, g.image_id, 'image_id');
  k.eq(v.chassis, g.chassis, 'chassis (the model on the memory line)');
  k.eq(v.platform, g.model_num, 'model_num (our platform)');
  k.eq(v.configRegister, g.curr_config_register, 'curr_config_register');
  k.eq(v.nextConfigRegister, g.next_config_register, 'next_config_register');
  k.eq(v.uptime, g.uptime, 'uptime');
  // genie's last_reload_reason is `Last reset from …` where a switch prints it, else `Last reload reason: …`.
  k.eq(v.lastResetFrom ?? v.lastReloadReason, g.last_reload_reason, 'last_reload_reason');
  // genie splits `System returned to ROM by X at TIME` into returned_to_rom_by/_at on some trains only.
  const at_ = str(g.returned_to_rom_at);
  k.eq(at_ && v.returnedToRomBy?.endsWith(` at ${at_}`) ? v.returnedToRomBy.slice(0, -` at ${at_}`.length) : v.returnedToRomBy, g.returned_to_rom_by, 'returned_to_rom_by');
  k.eq(sameRom(v.rom, g.rom), g.rom, 'rom');
  k.eq(v.bootLoader, g.bootldr, 'bootldr');
  k.eq(v.memory.mainBytes, g.main_mem === undefined ? undefined : Number(g.main_mem) * 1024, 'main_mem');
  k.eq(v.memory.nvramBytes, kib(at(g, 'mem_size', 'non-volatile configuration')), "mem_size['non-volatile configuration']");
  k.eq(v.serial, g.processor_board_id, 'processor_board_id (our serial)');
  // genie's chassis_sn is the System Serial Number where the device prints one, else the board ID.
  k.eq(v.systemSerial ?? v.serial, g.chassis_sn, 'chassis_sn');
  for (const [key, disk] of Object.entries(asDict(g.disks))) {
    const prefix = key.replace(/\.$/, '');
    const ours = v.flashDevices.find((f) => f.prefix === prefix);
    k.eq(ours?.sizeBytes, Number(at(disk, 'disk_size')) * 1024, `disks['${key}'].disk_size`);
    k.eq(ours?.label, at(disk, 'type_of_disk'), `disks['${key}'].type_of_disk`);
  }
  for (const [n, sw] of Object.entries(asDict(g.switch_num))) {
    const s = asDict(sw);
    if (s.sw_ver === undefined) continue; // genie's per-member blocks of MAC/serial numbers: not modelled
    const ours = v.stack?.find((m) => m.switchNumber === Number(n));
    k.eq(ours && { model: ours.model, swVersion: ours.swVersion, swImage: ours.swImage, ports: String(ours.ports), active: ours.active }, { model: s.model!, swVersion: s.sw_ver!, swImage: s.sw_image!, ports: s.ports!, active: s.active ?? false }, `switch_num['${n}']`);
    if (s.mode !== undefined) k.eq(ours?.mode, s.mode, `switch_num['${n}'].mode`);
  }
}

function nxos(c: CorpusCase, v: ShowVersion, k: FieldCheck): void {
  const sw = asDict(at(c.expected, 'platform', 'software'));
  const hw = asDict(at(c.expected, 'platform', 'hardware'));
  // genie keeps the `[build …]` tag of `system: version 15.3(2b) [build 15.3(2b)]`; ours is the version.
  k.eq(v.version, str(sw.system_version)?.replace(/ \[.*\]$/, ''), 'software.system_version');
  k.eq(v.imageFile, sw.system_image_file, 'software.system_image_file');
  k.eq(v.kickstartImageFile, sw.kickstart_image_file, 'software.kickstart_image_file');
  k.eq(v.hostname, hw.device_name, 'hardware.device_name');
  k.eq(v.serial, hw.processor_board_id, 'hardware.processor_board_id');
  k.eq(v.chassis, hw.chassis, 'hardware.chassis');
  k.eq(v.flashBytes, kib(hw.bootflash), 'hardware.bootflash');
  k.eq(v.memory.mainBytes, kib(hw.memory), 'hardware.memory');
  k.eq(v.lastReloadReason, at(c.expected, 'platform', 'reason'), 'reason');
  const up = asDict(at(c.expected, 'platform', 'kernel_uptime'));
  if (up.days !== undefined) {
    const m = /(\d+) day\(s\), (\d+) hour\(s\), (\d+) minute\(s\), (\d+) second\(s\)/.exec(v.uptime ?? '');
    k.eq(m ? { days: Number(m[1]), hours: Number(m[2]), minutes: Number(m[3]), seconds: Number(m[4]) } : v.uptime, up, 'kernel_uptime');
  }
}

function asaGenie(c: CorpusCase, v: ShowVersion, k: FieldCheck): void {
  const g = asDict(at(c.expected, 'version'));
  k.eq(v.version, g.asa_version, 'asa_version');
  k.eq(v.imageFile, g.system_image, 'system_image');
  k.eq(v.hostname, g.hostname, 'hostname');
  k.eq(v.uptime, g.uptime, 'uptime');
  k.eq(v.platform, g.platform, 'platform');
  k.eq(v.memory.mainBytes, mib(g.mem_size), 'mem_size');
  k.eq(v.serial, g.serial_number, 'serial_number');
  k.eq(v.asaContext !== undefined, g.context === undefined ? undefined : true, 'context (multi-context mode)');
  const internal = asDict(at(g, 'disks', 'Internal'));
  if (internal.disk_size !== undefined) k.eq(v.flashBytes, mib(internal.disk_size), "disks['Internal'].disk_size");
}

function asaNtc(c: CorpusCase, v: ShowVersion, k: FieldCheck): void {
  const e = asDict((c.expected as PyValue[])[0]);
  k.eq(v.version, e.version, 'version');
  k.eq(v.imageFile, e.image, 'image');
  k.eq(v.hostname, e.hostname, 'hostname');
  k.eq(v.uptime, e.uptime, 'uptime');
  k.eq(v.platform, str(e.hardware)?.split(',')[0], 'hardware (model, before the first comma)');
  k.eq(v.serial, (e.serial as PyValue[] | undefined)?.[0], 'serial[0]');
  k.eq(v.flashBytes, mib(e.flash), 'flash');
}

export const showVersionComparators: Record<string, Comparator> = {
  ShowVersion: (c) => {
    const v = parseShowVersion(c.output);
    const k = new FieldCheck(c.record.local_path);
    if (c.record.os === 'nxos') nxos(c, v, k);
    else if (c.record.os === 'asa') asaGenie(c, v, k);
    else iosOrXe(c, v, k);
    return k.result();
  },
  'ntc show version': (c) => {
    const v = parseShowVersion(c.output);
    const k = new FieldCheck(c.record.local_path);
    asaNtc(c, v, k);
    return k.result();
  },
};
