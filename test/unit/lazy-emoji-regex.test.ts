import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { lazyEmojiSource } from '../../scripts/lazy-emoji-regex.mjs';

const modules = new URL('../../node_modules/', import.meta.url);

/** The bundle's string-width: the real source, rewritten as the build rewrites it. */
async function lazyStringWidth(): Promise<(text: string) => number> {
  const source = readFileSync(new URL('string-width/index.js', modules), 'utf8')
    .replace("from 'strip-ansi'", `from '${new URL('strip-ansi/index.js', modules).href}'`)
    .replace(
      "from 'get-east-asian-width'",
      `from '${new URL('get-east-asian-width/index.js', modules).href}'`,
    );
  const file = join(mkdtempSync(join(tmpdir(), 'tcpchat-sw-')), 'string-width.mjs');
  writeFileSync(file, lazyEmojiSource(source));
  const module = (await import(pathToFileURL(file).href)) as { default: (t: string) => number };
  return module.default;
}

describe('string-width with its emoji regex built on first use', () => {
  it('measures every text as string-width does', async () => {
    const lazy = await lazyStringWidth();
    const piece = fc.constantFrom(
      'a',
      '你',
      '👍',
      '❤️',
      '👨‍👩‍👧',
      '🇨🇳',
      '1️⃣',
      'é',
      '\u0301',
      '\x1b[31m',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(lazy(text)).toBe(stringWidth(text));
      }),
    );
    expect(lazy('👍')).toBe(2);
  });

  it('fails the build when string-width no longer has the line it rewrites', () => {
    expect(() => lazyEmojiSource('export default () => 1;')).toThrow(/expected/);
  });
});
