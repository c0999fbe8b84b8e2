// The extension's context for a UI test against the lab: fresh settings, a temp storage folder, and
// the lab stopped and the context disposed when the test ends. The test starts the lab itself.
import type { TestContext } from 'node:test';
import { Ctx } from '../../../src/ui/ctx';
import { fakeExtensionContext } from '../../fakes/extension-context';
import { settings } from '../../fakes/vscode';
import { tempDir } from '../../helpers/temp-dir';

export function labCtx(t: TestContext): { ctx: Ctx; dir: string } {
  const dir = tempDir(t);
  settings.clear();
  const ctx = new Ctx(fakeExtensionContext(dir));
  t.after(async () => {
    await ctx.lab.stop();
    ctx.dispose();
    settings.clear();
  });
  return { ctx, dir };
}
