// string-width builds its emoji regex (every RGI emoji sequence) when it is loaded: about
// 16 ms of every start-up, before the first frame, though most sessions never measure an
// emoji. The bundle builds it on first use instead: the same regex, the same results
// (test/unit/lazy-emoji-regex.test.ts). If the line is not there (another string-width),
// the build fails and says so rather than silently doing nothing.
import { readFile } from 'node:fs/promises';

const RGI_LINE = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const LAZY =
  'let rgiEmojiRegexBuilt;\n' +
  'const rgiEmojiRegex = {test: (text) => (rgiEmojiRegexBuilt ??= /^\\p{RGI_Emoji}$/v).test(text)};';

/** string-width's source with its emoji regex built on first use. */
export function lazyEmojiSource(source, path = 'string-width') {
  if (!source.includes(RGI_LINE)) {
    throw new Error(`${path}: expected \`${RGI_LINE}\` (update scripts/lazy-emoji-regex.mjs)`);
  }
  return source.replace(RGI_LINE, LAZY);
}

/** The esbuild plugin: applies it to the string-width at `path` (not to other copies). */
export function lazyEmojiRegex(path) {
  return {
    name: 'lazy-emoji-regex',
    setup(b) {
      b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) =>
        args.path === path
          ? { contents: lazyEmojiSource(await readFile(args.path, 'utf8'), path), loader: 'js' }
          : undefined,
      );
    },
  };
}
