// What the simulated device prints for its show commands, in the layouts real IOS uses (see
// shared/fixtures): `show version`, `show file systems`, `dir`, `show flash:` (Class B, IOS-XE and
// classic layouts), `show boot`/`show bootvar` and `show running-config`.
import type { DeviceState } from './device-state';
import type { SimFile, SimFileSystem } from './flash';

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
  return dev.profile.showVersion
    .replaceAll('{hostname}', dev.running.hostname)
    .replaceAll('{image}', dev.runningImage)
    .replaceAll('{uptime}', dev.uptimeText())
    .replaceAll('{configRegister}', dev.running.configRegister);
}

export function renderShowFileSystems(dev: DeviceState): string {
  const row = (mark: string, size: string, free: string, type: string, flags: string, prefixes: string) =>
    `${mark}${size.padStart(13)}${free.padStart(14)}${type.padStart(10)}${flags.padStart(7)}   ${prefixes}`;
  const lines = ['File Systems:', '', row(' ', 'Size(b)', 'Free(b)', 'Type', 'Flags', 'Prefixes').replace('   Prefixes', '  Prefixes')];
  lines.push(row(' ', '-', '-', 'opaque', 'rw', 'system:'));
  if (dev.profile.osFamily === 'ios-xe') lines.push(row(' ', '-', '-', 'opaque', 'rw', 'tmpsys:'));
  for (const fs of dev.fileSystems) {
    lines.push(row(fs.isDefault ? '*' : ' ', String(fs.sizeBytes), String(fs.freeBytes()), fs.type, fs.flags, fs.prefixes.join(' ')));
  }
  lines.push(row(' ', '-', '-', 'opaque', 'rw', 'null:'));
  lines.push(row(' ', '-', '-', 'network', 'rw', 'tftp:'));
  lines.push(row(' ', '524288', '518744', 'nvram', 'rw', 'nvram:'));
  lines.push(row(' ', '-', '-', 'network', 'rw', 'rcp:'));
  lines.push(row(' ', '-', '-', 'network', 'rw', 'ftp:'));
  if (dev.profile.flashClass !== 'B') {
    lines.push(row(' ', '-', '-', 'network', 'rw', 'http:'));
    lines.push(row(' ', '-', '-', 'network', 'rw', 'scp:'));
    lines.push(row(' ', '-', '-', 'network', 'rw', 'https:'));
  }
  return lines.join('\n') + '\n\n';
}

function visibleIn(files: SimFile[], dir: string): SimFile[] {
  const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
  return files.filter((f) => !f.deleted && f.name.startsWith(prefix) && !f.name.slice(prefix.length).includes('/') && f.name !== prefix);
}

export function renderDir(dev: DeviceState, fs: SimFileSystem, prefix: string, subdir = ''): string {
  const xe = dev.profile.osFamily === 'ios-xe';
  const lines = [`Directory of ${prefix}/${subdir}`, ''];
  const files = visibleIn(fs.list(), subdir);
  for (const f of files) {
    const size = f.isDirectory ? (xe ? 4096 : 512) : f.sizeBytes;
    const date = f.mtime ? dirDate(f.mtime) : '<no date>'.padStart(27);
    const base = subdir ? f.name.slice(subdir.replace(/\/+$/, '').length + 1) : f.name;
    lines.push(`${String(f.index).padStart(5)}  ${f.permissions}  ${String(size).padStart(14)}  ${date}  ${base}`);
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
    lines.push(`${Math.round(fs.sizeBytes / 1024)}K bytes of processor board System flash (${fs.flags === 'ro' ? 'Read ONLY' : 'Read/Write'})`, '');
    return lines.join('\n') + '\n';
  }
  if (dev.profile.osFamily === 'ios-xe') {
    const root = `/${prefix.replace(/:$/, '')}/`;
    const lines = ['-#- --length-- ---------date/time--------- path'];
    for (const f of fs.list()) {
      if (f.deleted) continue;
      const d = f.mtime ?? new Date(0);
      const date = `${months[d.getUTCMonth()]} ${two(d.getUTCDate())} ${d.getUTCFullYear()} ${time(d)} +00:00`;
      lines.push(`${String(f.index).padStart(3)} ${String(f.isDirectory ? 4096 : f.sizeBytes).padStart(10)} ${date} ${root}${f.name}${f.isDirectory ? '/' : ''}`);
    }
    lines.push('', `${fs.freeBytes()} bytes available (${fs.usedBytes()} bytes used)`);
    return lines.join('\n') + '\n';
  }
  return renderDir(dev, fs, prefix);
}

export function renderShowBoot(dev: DeviceState): string {
  const v = dev.bootVariable;
  switch (dev.profile.bootStyle) {
    case 'catalyst':
      return [
        `BOOT path-list      : ${v.join(';')}`,
        'Config file         : flash:/config.text',
        'Private Config file : flash:/private-config.text',
        'Enable Break        : no',
        'Manual Boot         : no',
        'Allow Dev Key         : yes',
        'HELPER path-list    : ',
        'Auto upgrade        : yes',
        'Auto upgrade path   : ',
        'Boot optimization   : disabled',
        'NVRAM/Config file',
        '      buffer size:   524288',
        'Timeout for Config',
        '          Download:    0 seconds',
        'Config Download ',
        '       via DHCP:       disabled (next boot: disabled)',
        '',
      ].join('\n');
    case 'cat9k': {
      const members = dev.fileSystems.filter((f) => f.prefixes.some((p) => /^flash(-\d+)?:$/.test(p)));
      const value = v.length ? `${v.join(';')};` : '';
      return members
        .map((_, i) =>
          [
            '---------------------------',
            `Switch ${i + 1}`,
            '---------------------------',
            'Current Boot Variables:',
            `BOOT variable = ${value}`,
            '',
            'Boot Variables on next reload:',
            `BOOT variable = ${value}`,
            'Manual Boot = no',
            'Enable Break = no',
            'Boot Mode = DEVICE',
            'iPXE Timeout = 0',
          ].join('\n'),
        )
        .join('\n') + '\n';
    }
    case 'router':
      return [
        `BOOT variable = ${v.map((e) => `${e},1;`).join('')}`,
        'CONFIG_FILE variable = ',
        'BOOTLDR variable = ',
        `Configuration register is ${dev.running.configRegister}`,
        '',
      ].join('\n');
  }
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
