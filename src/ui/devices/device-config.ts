// A device as the user configures it (`iosImageManager.devices`). Credentials are never here: they
// live in SecretStorage, keyed by the device name.

export interface DeviceConfig {
  name: string;
  host: string;
  port?: number;
  username: string;
  group?: string;
  /** `user@host[:port]` of an SSH jump host. */
  jumpHost?: string;
  /** Path of a private key file; its passphrase, if any, is a secret. */
  privateKeyPath?: string;
}

export class DeviceConfigError extends Error {
  readonly code = 'E_DEVICE_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const hostRe = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/;

/** Validates one entry from settings; returns a clean copy or throws DeviceConfigError naming the field. */
export function validateDeviceConfig(raw: unknown, index: number): DeviceConfig {
  const where = `iosImageManager.devices[${index}]`;
  if (typeof raw !== 'object' || raw === null) throw new DeviceConfigError(`${where} is not an object`);
  const r = raw as Record<string, unknown>;
  const str = (k: string, required: boolean): string | undefined => {
    const v = r[k];
    if (v === undefined || v === '') {
      if (required) throw new DeviceConfigError(`${where}.${k} is required`);
      return undefined;
    }
    if (typeof v !== 'string') throw new DeviceConfigError(`${where}.${k} must be a string`);
    return v.trim();
  };
  const name = str('name', true)!;
  const host = str('host', true)!;
  if (!hostRe.test(host)) throw new DeviceConfigError(`${where}.host '${host}' is not a host name or IP address`);
  const username = str('username', true)!;
  let port: number | undefined;
  if (r.port !== undefined) {
    port = Number(r.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DeviceConfigError(`${where}.port must be 1–65535`);
  }
  if ('password' in r || 'secret' in r || 'enableSecret' in r) {
    throw new DeviceConfigError(`${where} contains a password; remove it from settings — IOS Image Manager asks for it and keeps it in the OS keychain (SecretStorage)`);
  }
  const group = str('group', false);
  const jumpHost = str('jumpHost', false);
  const privateKeyPath = str('privateKeyPath', false);
  return { name, host, username, ...(port ? { port } : {}), ...(group ? { group } : {}), ...(jumpHost ? { jumpHost } : {}), ...(privateKeyPath ? { privateKeyPath } : {}) };
}

/** Reads the whole setting: valid devices, and one error per invalid entry or duplicate name. */
export function readDeviceConfigs(raw: unknown): { devices: DeviceConfig[]; errors: string[] } {
  const devices: DeviceConfig[] = [];
  const errors: string[] = [];
  if (raw === undefined || raw === null) return { devices, errors };
  if (!Array.isArray(raw)) return { devices, errors: ['iosImageManager.devices must be a list'] };
  raw.forEach((entry, i) => {
    try {
      const d = validateDeviceConfig(entry, i);
      if (devices.some((x) => x.name === d.name)) errors.push(`iosImageManager.devices[${i}]: the name '${d.name}' is used twice`);
      else devices.push(d);
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  });
  return { devices, errors };
}
