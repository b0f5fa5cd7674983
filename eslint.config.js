// ESLint (flat config): typescript-eslint's type-checked rules for the TypeScript, React's hook rules for the
// page, and the import boundaries of ARCHITECTURE.md. `npm run lint` (run by `npm test`). Layout is Prettier's
// (`npm run format:check`, also run by `npm test`): eslint-config-prettier, last, turns off the rules it owns.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

const HEAVY = [
  { name: '@huggingface/transformers', message: 'Model code runs in the inference worker only (a task handler): keep transformers.js out of the page bundle.' },
  { name: 'onnxruntime-web', message: 'Model code runs in the inference worker only (a task handler): keep onnxruntime-web out of the page bundle.' },
];
const HEAVY_PATTERNS = [{ group: ['onnxruntime-web/*', '@huggingface/transformers/*'], message: 'Model code runs in the inference worker only.' }];
const APP = ['**/app/*', '**/app/**'];
const RUNTIME = ['**/runtime/*', '**/runtime/**'];
const REACT = ['react', 'react-dom', 'react-dom/*', '*.tsx', '**/*.tsx'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-*/**',
      'node_modules/**',
      'e2e/.generated/**',
      'test-results/**',
      'playwright-report/**',
      'bench/out/**',
      'public/**',
      '.scratch/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    rules: {
      // Async functions that implement a Promise-returning interface (handlers, stores, test fakes) need no await;
      // the mistakes that matter (a promise dropped or passed where none is expected) are no-floating-promises'
      // and no-misused-promises'.
      '@typescript-eslint/require-await': 'off',
      // `_name`: deliberately unused (a parameter a signature requires, a value left out of a spread).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // `catch {}`: best-effort cleanup (killing a process that may be gone) ignores its failure on purpose.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // Tests read JSON documents (Export JSON, page.evaluate results, fixtures) that are `any` by nature and checked by
  // their assertions; typing each of them again would only restate the product's types.
  {
    files: ['e2e/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  // Plain JavaScript (tooling, benches, the WebKit/Firefox smokes, this file): Node scripts, no type information;
  // the benches and smokes also hold functions that run in the page (page.evaluate), hence the browser's globals.
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked], languageOptions: { globals: { ...globals.node } } },
  { files: ['bench/**/*.mjs', 'e2e-*/**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  // The page's React code: the rules of hooks. (Not the React Compiler's rules of the plugin's recommended set: the app
  // is not compiled by it, and its latest-value refs, as in useTaskRun and Camera, are the pattern those rules reject.)
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  // Import boundaries (ARCHITECTURE.md, "What may import what").
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/features/*/handler.ts', 'src/features/summarize/engine.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: HEAVY,
          patterns: [
            ...HEAVY_PATTERNS,
            { group: ['**/handler', '**/engine', '**/workers/*'], message: 'Worker code (a task handler, workers/) is never part of the page.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/protocol/**', 'src/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: HEAVY,
          patterns: [
            { group: ['../*', '!../protocol', '!../protocol/*', '!../lib/*'], message: 'src/protocol and src/lib import nothing of the app.' },
            ...HEAVY_PATTERNS,
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/*/handler.ts', 'src/features/summarize/engine.ts', 'workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...APP, ...RUNTIME], message: 'Worker code never imports the page (src/app, src/runtime).' },
            { group: REACT, message: 'Worker code never imports React or a component.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/runtime/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: HEAVY, patterns: [{ group: APP, message: 'src/runtime never imports src/app (pass what it needs in).' }, ...HEAVY_PATTERNS] },
      ],
    },
  },
  prettier,
);
