// Connects to a device and reads its inventory for the tree. Wired to the device layer's SSH
// session once that lands; until then every device shows this error on its node.
import type { Ctx } from '../ctx';
import type { DeviceConfig } from './device-config';
import type { DeviceInventory } from './tree-model';

export function createInventoryLoader(_ctx: Ctx): (device: DeviceConfig) => Promise<DeviceInventory> {
  return async (device) => {
    throw new Error(`cannot connect to ${device.host} yet: the SSH device layer is not in this build`);
  };
}
