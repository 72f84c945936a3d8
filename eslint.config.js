import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** What the Ink components build on: the client's pure layers. */
const CLIENT_CORE = [
  'src/client/view',
  'src/client/state',
  'src/client/connection',
  'src/protocol',
  'src/shared',
];

/**
 * The layers, each a folder, and what each may import (README: Architecture). Imports point
 * one way, down this list; anything not listed for a layer is an error there. Pure layers
 * import neither Node's built-ins nor React or Ink. Above them all: src/app (composition)
 * and the entry points src/cli.ts and src/index.ts, which may import anything.
 */
const LAYERS = {
  'src/shared': { pure: true, uses: [] },
  'src/protocol': { pure: true, uses: ['src/shared'] },
  'src/server/core': { pure: true, uses: ['src/protocol', 'src/shared'] },
  'src/server': { uses: ['src/server/core', 'src/protocol', 'src/shared'] },
  'src/client/connection': { pure: true, uses: ['src/protocol', 'src/shared'] },
  'src/client/state': { pure: true, uses: ['src/client/connection', 'src/protocol', 'src/shared'] },
  'src/client/view': {
    pure: true,
    uses: ['src/client/state', 'src/client/connection', 'src/protocol', 'src/shared'],
  },
  'src/client/transport': { uses: ['src/client/connection', 'src/protocol', 'src/shared'] },
  'src/client/piped': {
    uses: ['src/client/transport', 'src/client/connection', 'src/protocol', 'src/shared'],
  },
  components: { uses: ['components/hooks', ...CLIENT_CORE] },
  'components/hooks': { uses: CLIENT_CORE },
  'src/tui': { uses: ['components', 'components/hooks', ...CLIENT_CORE] },
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex for import specifiers, written from `from`, that name a file directly in `to`. */
function folderPattern(from, to) {
  const relative = posix.relative(from, to);
  const prefix = relative.startsWith('..') ? relative : `./${relative}`;
  return `^${escape(prefix)}/[^/]+$`;
}

const IMPURE = [`^(node:.*|${builtinModules.map(escape).join('|')})(/.*)?$`, '^(react|ink)(/.*)?$'];

/** One config per layer folder: the folders it must not reach, and the packages if pure. */
const layering = Object.entries(LAYERS).map(([dir, { pure = false, uses }]) => {
  const others = [...Object.keys(LAYERS), 'src/app'].filter(
    (other) => other !== dir && !uses.includes(other),
  );
  const patterns = others.map((other) => ({
    regex: folderPattern(dir, other),
    message: `${dir}/ may not import ${other}/ (imports point one way: see eslint.config.js)`,
  }));
  // The entry points import everything; nothing imports them.
  patterns.push({
    regex: `^${escape(posix.relative(dir, 'src') || '.')}/(cli|index)\\.js$`,
    message: 'nothing imports the entry points',
  });
  if (pure) {
    for (const regex of IMPURE) {
      patterns.push({
        regex,
        message: `${dir}/ is pure: no I/O, no React or Ink (a shell does that)`,
      });
    }
  }
  return {
    files: [`${dir}/*.{ts,tsx}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
      // A dynamic import() would slip past the rule above: only the composition roots load lazily.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression',
          message: 'only src/app, src/tui and src/cli.ts load modules lazily',
        },
      ],
    },
  };
});
// src/tui loads its Ink session lazily (see load-tui.ts): dynamic imports are its job too.
layering.find((c) => c.files[0].startsWith('src/tui/')).rules['no-restricted-syntax'] = 'off';

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'bench/results/', 'bench/c/', 'bench/.build/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    // Only src/cli.ts ends the process; everything else resolves with how it should end.
    files: ['src/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['src/cli.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'only src/cli.ts ends the process' },
        { object: 'process', property: 'kill', message: 'only src/cli.ts ends the process' },
        { object: 'process', property: 'abort', message: 'only src/cli.ts ends the process' },
      ],
    },
  },
  ...layering,
  {
    // A file outside every layer folder would escape the rules above.
    files: ['src/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: [
      ...Object.keys(LAYERS).map((dir) => `${dir}/*.{ts,tsx}`),
      'src/app/*.{ts,tsx}',
      'src/cli.ts',
      'src/index.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Program', message: 'put this file in a layer folder (see eslint.config.js)' },
      ],
    },
  },
);
