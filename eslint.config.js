import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

const uiPackages = [
  'react',
  'react-dom',
  'react-dom/*',
  'zustand',
  'zustand/*',
  'plotly.js',
  'plotly.js/*',
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test/artifacts', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The math core, the engine and the sweep run in a worker or in Node: no UI code may leak in.
    files: ['src/core/**/*.ts', 'src/engine/**/*.ts', 'src/settings/**/*.ts', 'src/sweep/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: uiPackages,
              message: 'core/engine/settings/sweep must not depend on UI packages.',
            },
            {
              group: ['**/ui/**', '**/store/**'],
              message: 'core/engine must not import the UI or the store.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core is pure math: it must not reach into the engine either.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiPackages, message: 'core must not depend on UI packages.' },
            { group: ['**/ui/**', '**/store/**', '**/engine/**'], message: 'core is pure math.' },
          ],
        },
      ],
    },
  },
  prettier,
);
