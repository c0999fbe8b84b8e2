// What the simulated device prints for its show commands, in the layouts real IOS uses (see
// shared/fixtures): `show version`, `show file systems`, `dir`, `show flash:` (Class B, IOS-XE and
// classic layouts), `show boot`/`show bootvar` and `show running-config`.
import type { DeviceState } from './device-state';
import type { SimFile, SimFileSystem } from './flash';
import { nvramUsage } from './nvram';
import type { FileSystemTableRow } from './profile';
import { membersUp, renderShowVersion as renderVersionTemplate } from './render-version';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

function time(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `Apr 2 2015 08:46:31 +00:00` — IOS does not zero-pad the day in `dir`. */
function dirDate(d: Date): string {
  return `${months[d.getUTCMonth()]} ${d.getUTCDate()} ${d.getUTCFullYear()} ${time(d)}`.padStart(20) + ' +00:00';
}

export function renderShowVersion(dev: DeviceState): string {
  return renderVersionTemplate(dev, configRegisterText(dev));
}

/** `0x2102`, or `0x2142 (will be 0x2102 at next reload)` after `config-register` changed it. */
function configRegisterText(dev: DeviceState): string {
  const now = dev.profile.configRegister;
  const next = dev.running.configRegister;
  return now.toLowerCase() === next.toLowerCase() ? now : `${now} (will be ${next} at next reload)`;
}

const fsRow = (mark: string, size: string, free: string, type: string, flags: string, prefixes: string) =>
  `${mark}${size.padStart(13)}${free.padStart(14)}${type.padStart(10)}${flags.padStart(7)}   ${prefixes}`;

/** The rows a profile lists without its own table: the generic IOS/IOS-XE set. */
function defaultTable(dev: DeviceState): (string | FileSystemTableRow)[] {
  const net = (p: string): FileSystemTableRow => ({ prefixes: [p], type: 'network', flags: 'rw' });
  const opaque = (p: string): FileSystemTableRow => ({ prefixes: [p], type: 'opaque', flags: 'rw' });
  return [
    opaque('system:'),
    ...(dev.profile.osFamily === 'ios-xe' ? [opaque('tmpsys:')] : []),
    ...dev.fileSystems.map((f) => f.name),
    opaque('null:'),
    net('tftp:'),
    { prefixes: ['nvram:'], type: 'nvram', flags: 'rw' },
    net('rcp:'),
    net('ftp:'),
    ...(dev.profile.flashClass !== 'B' ? [net('http:'), net('scp:'), net('https:')] : []),
  ];
}

/** The `show file systems` rows of a device: its profile's table, or the generic set. */
export function fileSystemRows(dev: DeviceState): (string | FileSystemTableRow)[] {
  return dev.profile.fileSystemTable ?? defaultTable(dev);
}

export function renderShowFileSystems(dev: DeviceState): string {
  const lines = ['File Systems:', '', fsRow(' ', 'Size(b)', 'Free(b)', 'Type', 'Flags', 'Prefixes').replace('   Prefixes', '  Prefixes')];
  for (const entry of dev.profile.fileSystemTable ?? defaultTable(dev)) {
    if (typeof entry === 'string') {
      const fs = dev.fileSystem(entry);
      if (!fs) continue;
      lines.push(fsRow(fs.isDefault ? '*' : ' ', String(fs.sizeBytes), String(fs.freeBytes()), fs.type, fs.flags, fs.prefixes.join(' ')));
      continue;
    }
    let size = entry.sizeBytes;
    let free = entry.freeBytes;
    if (entry.prefixes[0] === 'nvram:') {
      const nv = nvramUsage(dev);
      size = nv.sizeBytes;
      free = nv.freeBytes;
    }
    lines.push(fsRow(' ', size === undefined ? '-' : String(size), free === undefined ? '-' : String(free), entry.type, entry.flags, entry.prefixes.join(' ')));
  }
  return lines.join('\n') + '\n\n';
}

function visibleIn(files: SimFile[], dir: string): SimFile[] {
  const prefix = dir ? `${withoutTrailingSlashes(dir)}/` : '';
  return files.filter((f) => !f.deleted && f.name.startsWith(prefix) && !f.name.slice(prefix.length).includes('/') && f.name !== prefix);
}

export function dirStyle(dev: DeviceState): 'classic' | 'xe16' | 'xe17' {
  return dev.profile.dirStyle ?? (dev.profile.osFamily === 'ios-xe' ? 'xe16' : 'classic');
}

/** What `dir` prints as a directory's size: the profile's, else its block (4096 on IOS-XE's Linux flash, 512 on classic IOS). */
export function listedDirBytes(dev: DeviceState, f: SimFile): number {
  return f.listedBytes ?? (dirStyle(dev) === 'classic' ? 512 : 4096);
}

/**
 * IOS-XE lists Linux inode numbers, not 1, 2, 3: a stable five-digit number per file (distinct for
 * any flash with fewer than 69000 files), as the captures show (`30530  -rw-`).
 */
export function inodeOf(f: SimFile): number {
  return 30000 + ((f.index * 7919) % 69000);
}

/** One `dir` row in the platform's columns (see dirStyle). */
export function dirRow(style: 'classic' | 'xe16' | 'xe17', index: number, permissions: string, size: number, date: Date | undefined, name: string): string {
  const when = date ? dirDate(date) : '<no date>'.padStart(27);
  const idx = style === 'xe17' ? String(index).padEnd(6) : String(index).padStart(5);
  return `${idx}  ${permissions}  ${String(size).padStart(style === 'classic' ? 10 : 15)}  ${when}  ${name}`;
}

export function renderDir(dev: DeviceState, fs: SimFileSystem, prefix: string, subdir = ''): string {
  const style = dirStyle(dev);
  const lines = [`Directory of ${prefix}/${subdir}`, ''];
  const files = visibleIn(fs.list(), subdir);
  for (const f of files) {
    const size = f.isDirectory ? listedDirBytes(dev, f) : f.sizeBytes;
    const base = subdir ? f.name.slice(withoutTrailingSlashes(subdir).length + 1) : f.name;
    lines.push(dirRow(style, style === 'classic' ? f.index : inodeOf(f), f.permissions, size, f.mtime, base));
  }
  if (files.length === 0) lines.push('No files in directory');
  lines.push('', `${fs.sizeBytes} bytes total (${fs.freeBytes()} bytes free)`);
  return lines.join('\n') + '\n';
}

/** `show flash:` — the Class B "System flash directory", the IOS-XE `-#-` table, or the `dir` layout. */
export function renderShowFlash(dev: DeviceState, fs: SimFileSystem, prefix: string): string {
  if (fs.classB) {
    const lines = ['', 'System flash directory:', 'File  Length   Name/status'];
    let n = 0;
    for (const f of fs.list()) {
      if (f.isDirectory) continue;
      n++;
      lines.push(`  ${String(n).padEnd(3)} ${String(f.sizeBytes).padEnd(8)}  ${f.name}${f.deleted ? ' [deleted]' : ''}  `);
    }
    if (n === 0) lines.push('  No files in System flash');
    lines.push(`[${fs.usedBytes()} bytes used, ${fs.freeBytes()} available, ${fs.sizeBytes} total]`);
    // A run-from-flash box executes IOS from this flash, so IOS has it read-only (`ro` in show file systems).
    lines.push(`${Math.round(fs.sizeBytes / 1024)}K bytes of processor board System flash (${fs.flags === 'ro' ? 'Read ONLY' : 'Read/Write'})`, '');
    return lines.join('\n') + '\n';
  }
  if (dev.profile.osFamily === 'ios-xe') {
    // As the ISR 4300's `show bootflash:`: the file system's name, the directory itself as row 1,
    // then every file and directory below it (directories without a trailing slash).
    const name = fs.name.replace(/:$/, '');
    const root = `/${name}/`;
    const xeDate = (d: Date) => `${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${d.getUTCFullYear()} ${time(d)} +00:00`;
    const row = (n: number, size: number, d: Date, p: string) => `${String(n).padStart(3)} ${String(size).padStart(10)} ${xeDate(d)} ${p}`;
    const files = fs.list().filter((f) => !f.deleted);
    const newest = files.reduce((a, f) => (f.mtime && f.mtime > a ? f.mtime : a), new Date(0));
    const lines = [`${name[0].toUpperCase()}${name.slice(1)}:  -#- --length-- ---------date/time--------- path`, row(1, 4096, newest, root)];
    files.forEach((f, i) => lines.push(row(i + 2, f.isDirectory ? listedDirBytes(dev, f) : f.sizeBytes, f.mtime ?? new Date(0), `${root}${f.name}`)));
    lines.push('', `${fs.freeBytes()} bytes available (${fs.usedBytes()} bytes used)`);
    return lines.join('\n') + '\n';
  }
  return renderDir(dev, fs, prefix);
}

/**
 * The BOOT variable as `show boot`/`show bootvar` print it. A value the boot loader started with
 * ends with `;`; one set by `boot system` since the last reload has none (Cat9k captures: next
 * reload `flash:packages.conf` under a current `BOOT variable does not exist`).
 */
function bootValue(entries: string[], fromBoot: boolean): string {
  return entries.join(';') + (fromBoot ? ';' : '');
}

export function renderShowBoot(dev: DeviceState): string {
  const v = dev.bootVariable;
  switch (dev.profile.bootStyle) {
    case 'catalyst':
      return [
        `BOOT path-list      : ${v.join(';')}`,
        'Config file         : flash:/config.text',
        'Private Config file : flash:/private-config.text',
        'Enable Break        : yes',
        `Manual Boot         : ${dev.profile.manualBoot ? 'yes' : 'no'}`,
        'Allow Dev Key         : yes',
        'HELPER path-list    : ',
        'Auto upgrade        : yes',
        'Auto upgrade path   : ',
        'Boot optimization   : disabled',
        'NVRAM/Config file',
        '    buffer size:   524288',
        'Timeout for Config',
        '        Download:    0 seconds',
        'Config Download ',
        '    via DHCP:       disabled (next boot: disabled)',
        '',
      ].join('\n');
    case 'cat9k': {
      const current = dev.currentBootVariable;
      const sameAsBoot = current !== null && current.join(';') === v.join(';');
      return (
        membersUp(dev)
          .map((n) =>
            [
              '---------------------------',
              `Switch ${n}`,
              '---------------------------',
              'Current Boot Variables:',
              current === null || current.length === 0 ? 'BOOT variable does not exist' : `BOOT variable = ${bootValue(current, true)}`,
              '',
              'Boot Variables on next reload:',
              v.length === 0 ? 'BOOT variable does not exist' : `BOOT variable = ${bootValue(v, sameAsBoot)}`,
              `Manual Boot = ${dev.profile.manualBoot ? 'yes' : 'no'}`,
              'Enable Break = yes',
              'Boot Mode = DEVICE',
              'iPXE Timeout = 0',
            ].join('\n'),
          )
          .join('\n') + '\n'
      );
    }
    case 'router':
      return renderShowBootvar(dev);
  }
}

/**
 * `show bootvar`: routers' `BOOT variable = x,12;` block (`,1` on classic IOS; IOS-XE adds the
 * Standby line), and on Cat9k the ROMMON variables (`Configuration Register is` with a capital R,
 * `MANUAL_BOOT variable = no`, `… variable does not exist`).
 */
export function renderShowBootvar(dev: DeviceState): string {
  const v = dev.bootVariable;
  if (dev.profile.bootStyle === 'catalyst') return renderShowBoot(dev);
  if (dev.profile.bootStyle === 'cat9k') {
    const current = dev.currentBootVariable;
    const sameAsBoot = current !== null && current.join(';') === v.join(';');
    return [
      v.length === 0 ? 'BOOT variable does not exist' : `BOOT variable = ${bootValue(v, sameAsBoot)}`,
      `Configuration Register is ${configRegisterText(dev)}`,
      `MANUAL_BOOT variable = ${dev.profile.manualBoot ? 'yes' : 'no'}`,
      'BAUD variable = 9600',
      'ENABLE_BREAK variable does not exist',
      'BOOTMODE variable does not exist',
      'IPXE_TIMEOUT variable does not exist',
      'CONFIG_FILE variable =',
      '',
    ].join('\n');
  }
  const xe = dev.profile.osFamily === 'ios-xe';
  const suffix = xe ? 12 : 1;
  return [
    `BOOT variable =${v.length ? ' ' : ''}${v.map((e) => `${e},${suffix};`).join('')}`,
    'CONFIG_FILE variable =',
    'BOOTLDR variable does not exist',
    `Configuration register is ${configRegisterText(dev)}`,
    ...(xe ? ['', 'Standby not ready to show bootvar', ''] : ['']),
  ].join('\n');
}

export function renderRunningConfig(dev: DeviceState, title = 'Current configuration'): string {
  const r = dev.running;
  const body = [
    '!',
    `version ${dev.profile.versionShort}`,
    'service timestamps debug datetime msec',
    'service timestamps log datetime msec',
    'service password-encryption',
    '!',
    `hostname ${r.hostname}`,
    '!',
    'boot-start-marker',
    ...dev.bootSystemLines().map((b) => `boot system ${b}`),
    'boot-end-marker',
    '!',
    'enable secret 5 $1$lAbS$4v3N6yQ1m8Qd4x3pZkq0f.',
    '!',
    ...dev.profile.users.map((u) => `username ${u.username} privilege ${u.privilege} secret 5 $1$lAbS$uS3r${u.username.length}Xq8nH0p9vJxW.`),
    '!',
    'no ip domain lookup',
    'ip domain name lab.example',
    ...(r.rcmdRemoteUsername ? [`ip rcmd remote-username ${r.rcmdRemoteUsername}`] : []),
    ...(r.ftpUsername ? [`ip ftp username ${r.ftpUsername}`] : []),
    ...(r.ftpPassword ? [`ip ftp password 7 ${type7(r.ftpPassword)}`] : []),
    ...(r.ftpPassive ? ['ip ftp passive'] : []),
    ...(r.tftpBlocksize ? [`ip tftp blocksize ${r.tftpBlocksize}`] : []),
    ...(r.filePromptQuiet ? ['file prompt quiet'] : []),
    '!',
    `interface ${dev.profile.interface}`,
    ' ip address 127.0.0.1 255.0.0.0',
    '!',
    'ip ssh version 2',
    '!',
    'line con 0',
    'line vty 0 4',
    ' login local',
    ' transport input ssh',
    '!',
    'end',
    '',
  ].join('\n');
  return `Building configuration...\n\n${title} : ${Buffer.byteLength(body)} bytes\n${body}`;
}

/** IOS "type 7" obfuscation (Vigenère with the well-known key), as `service password-encryption` shows it. */
function type7(plain: string): string {
  const key = 'dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87';
  const seed = 2;
  let out = two(seed);
  for (let i = 0; i < plain.length; i++) out += (plain.charCodeAt(i) ^ key.charCodeAt((seed + i) % key.length)).toString(16).toUpperCase().padStart(2, '0');
  return out;
}

/** `a/b//` → `a/b` by a scan from the end (`/\/+$/` retries at every slash of a long run). */
function withoutTrailingSlashes(p: string): string {
  let end = p.length;
  while (end > 0 && p[end - 1] === '/') end--;
  return p.slice(0, end);
}
