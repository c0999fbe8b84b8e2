// ESLint flat config: TypeScript's recommended rules plus the layering rule from the house style —
// only src/ui (and extension.ts) may import `vscode`; engine and device never import each other —
// and, for src/, no regular expression with super-linear backtracking (eslint-plugin-regexp).
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'Only src/ui and src/extension.ts may import vscode.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.cache/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Device output, client requests and file names are untrusted text, and every parser runs on the
    // event loop that serves transfers: no pattern whose quantifiers can trade characters (issue 15).
    files: ['src/**/*.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: false, ignorePartial: false }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/device/**', '**/device', '**/jobs/**', '**/ui/**'], message: 'engine is independent of device, jobs and ui.' }] }],
    },
  },
  {
    files: ['src/device/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/engine/**', '**/engine', '**/jobs/**', '**/ui/**'], message: 'device is independent of engine, jobs and ui.' }] }],
    },
  },
  {
    files: ['src/jobs/**/*.ts', 'src/lab/**/*.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ group: ['**/ui/**'], message: 'only extension.ts wires ui.' }] }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: globals.node },
  },
);
