// Wires every UI piece onto the context; extension.ts calls only this.
import { registerCommands } from './commands';
import type { Ctx } from './ctx';
import { registerDevicesView } from './devices-view';

export { Ctx } from './ctx';

export function registerUi(ctx: Ctx): void {
  registerCommands(ctx);
  registerDevicesView(ctx);
}
