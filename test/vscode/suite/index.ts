// Entry point @vscode/test-electron loads inside the Extension Development Host (bundled to
// .cache/vscode-test/suite.js by test/vscode/run.ts): registers the tests, runs them.
import './extension.vscode';
import { runAll } from './runner';

export function run(): Promise<void> {
  return runAll();
}
