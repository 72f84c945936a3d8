// Bundles the CLI and the library entry into dist/ so start-up loads one file
// instead of resolving hundreds of modules (Ink + React + yargs).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { chmod, rm } from 'node:fs/promises';
import { lazyEmojiRegex } from './lazy-emoji-regex.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// Ink's frame compositor, swapped for ours (src/tui/ink-output.ts): the same output, but a
// row unchanged since an earlier frame is not composed again. Only Ink's own import is swapped.
const inkOutput = {
  name: 'ink-output',
  setup(b) {
    b.onResolve({ filter: /^\.\/output\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]build[\\/]renderer\.js$/.test(args.importer)
        ? { path: `${root}src/tui/ink-output.ts` }
        : undefined,
    );
    // Ink's frame writer, swapped for ours (src/tui/ink-log-update.ts): a frame rewrites only
    // the lines that changed, not the whole screen.
    b.onResolve({ filter: /^\.\/log-update\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]build[\\/]ink\.js$/.test(args.importer)
        ? { path: `${root}src/tui/ink-log-update.ts` }
        : undefined,
    );
    // Ink measures every text node's widest line every frame: the same lines, measured once.
    b.onResolve({ filter: /^widest-line$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/.test(args.importer)
        ? { path: `${root}src/tui/ink-widest-line.ts` }
        : undefined,
    );
    // Ink tokenises every text node for escapes, twice a frame: ours returns plain and
    // SGR-only text as it is.
    b.onResolve({ filter: /^\.\/sanitize-ansi\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]build[\\/]squash-text-nodes\.js$/.test(args.importer)
        ? { path: `${root}src/tui/ink-sanitize-ansi.ts` }
        : undefined,
    );
    // Ink walks every text node on screen every frame: a box drawn from the same subtree at
    // the same place hands over the writes it made last time.
    b.onResolve({ filter: /^\.\/render-node-to-output\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]build[\\/]renderer\.js$/.test(args.importer)
        ? { path: `${root}src/tui/ink-render-node-to-output.ts` }
        : undefined,
    );
    // Ink's text measurer keeps every text it ever measured: ours forgets (bounded memory).
    b.onResolve({ filter: /^\.\/measure-text\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]build[\\/]dom\.js$/.test(args.importer)
        ? { path: `${root}src/tui/ink-measure-text.ts` }
        : undefined,
    );
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [inkOutput, lazyEmojiRegex(`${root}node_modules/string-width/index.js`)],
  // Ink imports react-devtools-core only when DEV is set; keep it out of the bundle.
  alias: { 'react-devtools-core': './scripts/devtools-stub.mjs' },
  // Intl.Segmenter is ours (src/client/view/quick-segmenter.ts): plain text is split without
  // ICU, and no module loads ICU's break rules just by being loaded.
  define: { 'process.env.NODE_ENV': '"production"', 'Intl.Segmenter': 'QuickSegmenter' },
  inject: ['./src/client/view/quick-segmenter.ts'],
  // CommonJS dependencies (react, yargs helpers) call require() for built-ins.
  banner: {
    js: "import { createRequire as __tcpchatCreateRequire } from 'node:module'; const require = __tcpchatCreateRequire(import.meta.url);",
  },
};

// Chunk names carry content hashes: clear out the previous build's.
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
await chmod(new URL('../dist/cli.js', import.meta.url), 0o755);
