// Loaded before every test file: resolves `import 'vscode'` to the typed fake in test/fakes, since
// the real module exists only inside a VS Code extension host.
import Module from 'node:module';
import { fileURLToPath } from 'node:url';

const fake = fileURLToPath(new URL('./fakes/vscode.ts', import.meta.url));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === 'vscode' ? fake : request, ...rest);
};
