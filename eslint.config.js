// Lint: TypeScript and Svelte rules, plus the import arrows of ARCHITECTURE.md
// (kernels ← engine ← data ← interop ← storage ← workers; protocol ← {workers, ui}). A wrong import fails `npm test`.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';

/** A restricted-import pattern for a top-level area, matched on the import string. */
const area = (name, message, allowTypeImports = false) => ({ regex: `(^|/)${name}(/|$)`, message, allowTypeImports });
const ui = area('ui', 'Only src/ui may import the UI.');
const workers = area(
  'workers',
  'Nothing imports a worker module; the UI talks to workers through src/protocol clients.',
);
const srcAny = { regex: '(^|/)src(/|$)', message: 'kernels/ is a leaf: it imports nothing from src/ or workers/.' };

const arrows = [
  { files: ['kernels/**/*.ts'], patterns: [srcAny, workers] },
  {
    files: ['src/engine/**/*.ts'],
    patterns: [
      area('data', 'engine must not import data'),
      area('interop', 'engine must not import interop'),
      area('storage', 'engine must not import storage'),
      area('protocol', 'engine must not import protocol'),
      ui,
      workers,
    ],
  },
  {
    files: ['src/data/**/*.ts'],
    patterns: [
      area('engine', 'data imports only types from the engine', true),
      area('storage', 'data must not import storage'),
      area('interop', 'data must not import interop'),
      area('protocol', 'data must not import protocol'),
      ui,
      workers,
    ],
  },
  {
    files: ['src/interop/**/*.ts'],
    patterns: [
      area('storage', 'interop must not import storage'),
      area('protocol', 'interop must not import protocol'),
      ui,
      workers,
    ],
  },
  { files: ['src/storage/**/*.ts'], patterns: [area('protocol', 'storage must not import protocol'), ui, workers] },
  {
    files: ['src/protocol/**/*.ts'],
    patterns: [
      area('engine', 'protocol imports only types from engine', true),
      area('data', 'protocol imports only types from data', true),
      area('storage', 'protocol imports only types from storage', true),
      area('interop', 'protocol imports only types from interop', true),
      ui,
      workers,
    ],
  },
  {
    files: ['src/ui/**/*.ts', 'src/ui/**/*.svelte'],
    patterns: [
      area('engine', 'The UI never imports engine runtime code: use a protocol client (import type is fine).', true),
      area('data', 'The UI imports only types from data; the work happens in a worker.', true),
      area('storage', 'The UI imports only types from storage; the work happens in a worker.', true),
      area('interop', 'The UI imports only types from interop; the work happens in a worker.', true),
      area('kernels', 'The UI never imports kernels.', true),
      workers,
    ],
  },
  { files: ['workers/**/*.ts'], patterns: [ui] },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'src/interop/onnx/onnx-pb.*',
      '.venv/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      '.test-reports/',
      'bench-results/',
      '.dawn/',
      '.remote/',
      'remote-results/',
      '.acceptance/',
    ],
  },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parser: svelteParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Prettier wraps code at 120; this catches what it cannot wrap (long comments).
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    // Prettier wraps code at 120 columns; this catches what it cannot wrap (long comments). Svelte markup text is
    // left to Prettier.
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  { files: ['**/*.svelte'], rules: { 'max-len': 'off' } },
  ...arrows.map(({ files, patterns }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  })),
);
