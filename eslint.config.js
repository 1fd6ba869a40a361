import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'out/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected Clock.' },
      ],
    },
  },
  {
    files: ['src/clock.ts', 'test/**', 'adapters/*/sandbox/**', 'src/bench/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/rules/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['knex', 'axios', 'pino', '**/log.js', '**/clock.js', 'node:fs', 'fs'] }],
    },
  },
);
