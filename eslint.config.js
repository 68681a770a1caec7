import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeModules = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const otherPackage = (name) => ({
  group: [`@hindsight/${name}`, `@hindsight/${name}/*`],
  message: `Packages talk through @hindsight/shared, never to ${name}/ directly.`,
});
const relativeInto = (name) => ({
  regex: `^(\\.\\./)+${name}(/|$)`,
  message: `Packages talk through @hindsight/shared, never to ${name}/ directly.`,
});

export default defineConfig(
  { ignores: ['**/node_modules/**', '**/dist/**', '.test-results/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
  {
    // The board model runs in browsers and in Node alike: no UI, DOM, network or Node-only code.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', '@dnd-kit/*'],
              message: 'shared/ is the pure board model: no React or UI libraries.',
            },
            {
              group: ['ws', 'y-websocket', 'y-websocket/*', 'y-indexeddb', 'better-sqlite3', ...nodeModules],
              message: 'shared/ is the pure board model: no network, storage or Node-only modules.',
            },
            otherPackage('client'),
            otherPackage('server'),
            relativeInto('client'),
            relativeInto('server'),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location'].map(
          (name) => ({ name, message: 'shared/ may not touch the DOM.' }),
        ),
        ...['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global'].map((name) => ({
          name,
          message: 'shared/ may not use Node-only globals.',
        })),
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [otherPackage('server'), relativeInto('server')] }],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', { patterns: [otherPackage('client'), relativeInto('client')] }],
    },
  },
  { files: ['tests/**/*.{ts,mjs}', 'scripts/**', '*.config.*'], languageOptions: { globals: globals.node } },
);
