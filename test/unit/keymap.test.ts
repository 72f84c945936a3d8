import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanPaste, createKeymap, type KeyAction } from '../../src/client/state/keymap.js';
import { createInputParser } from '../../node_modules/ink/build/input-parser.js';

/** Feeds raw terminal bytes through Ink's own input parser, then the keymap. */
function keys(...chunks: string[]): KeyAction[] {
  const parser = createInputParser();
  const keymap = createKeymap();
  const out: KeyAction[] = [];
  for (const chunk of chunks)
    for (const event of parser.push(chunk)) out.push(...keymap.push(event));
  return out;
}

const ins = (text: string): KeyAction => ({ type: 'edit', action: { type: 'insert', text } });
const ed = (type: string) => ({ type: 'edit', action: { type } }) as KeyAction;

describe('keymap', () => {
  it('types text and turns Enter into a newline, never a send', () => {
    expect(keys('hello', '\r', '你好')).toEqual([ins('hello'), ed('newline'), ins('你好')]);
  });

  it('splits text typed faster than it is read at each control key', () => {
    expect(keys('ab\x7fc\r\nd\x04')).toEqual([
      ins('ab'),
      ed('backspace'),
      ins('c'),
      ed('newline'),
      ins('d'),
      { type: 'send' },
    ]);
  });

  it('tells Backspace from Delete', () => {
    expect(keys('\x7f', '\b', '\x1b[3~')).toEqual([ed('backspace'), ed('backspace'), ed('delete')]);
  });

  it('maps the editing keys', () => {
    expect(
      keys(
        '\x1b[A',
        '\x1bOB',
        '\x1b[C',
        '\x1b[D',
        '\x01',
        '\x05',
        '\x15',
        '\x0b',
        '\x17',
        '\x1b\x7f',
      ),
    ).toEqual([
      ed('up'),
      ed('down'),
      ed('right'),
      ed('left'),
      ed('home'),
      ed('end'),
      ed('kill-before'),
      ed('kill-after'),
      ed('delete-word'),
      ed('delete-word'),
    ]);
  });

  it('maps the app keys', () => {
    expect(keys('\x04', '\x03', '\x14', '\x12', '\x1b[H', '\x1b[4~')).toEqual([
      { type: 'send' },
      { type: 'quit' },
      { type: 'toggle-timestamps' },
      { type: 'retry' },
      { type: 'home' },
      { type: 'end' },
    ]);
  });

  it('maps the scroll keys', () => {
    const scroll = (type: string) => ({ type: 'scroll', action: { type } });
    expect(keys('\x1b[5~', '\x1b[6~', '\x1b[1;5H', '\x1b[1;5F', '\x1b[1;2A', '\x1b[1;2B')).toEqual([
      scroll('page-up'),
      scroll('page-down'),
      scroll('top'),
      scroll('bottom'),
      scroll('line-up'),
      scroll('line-down'),
    ]);
  });

  it('ignores unknown sequences and other control characters', () => {
    expect(keys('\x1b[15~', '\x00', '\x1b[1;5D', 'x')).toEqual([ins('x')]);
  });

  it('inserts a bracketed paste as one piece, newlines included', () => {
    expect(keys('\x1b[200~GET / HTTP/1.0\rHost: x\r\r\x1b[201~')).toEqual([
      ins('GET / HTTP/1.0\nHost: x\n\n'),
    ]);
  });

  it('collects a paste split across reads, even inside the markers', () => {
    expect(keys('a\x1b[20', '0~one\r', '\x04two', '\x1b[2', '01~b')).toEqual([
      ins('a'),
      ins('one\ntwo'),
      ins('b'),
    ]);
  });

  it('strips escape sequences and controls from pasted text', () => {
    expect(keys('\x1b[200~red \x1b[31mtext\x1b[0m\x07\tend\x1b[201~')).toEqual([
      ins('red text\tend'),
    ]);
    expect(cleanPaste('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });

  it('Ctrl+C on its own ends a paste that never closes', () => {
    expect(keys('\x1b[200~stuck', '\x03', 'x')).toEqual([{ type: 'quit' }, ins('x')]);
  });

  it('property: any split of a paste gives the same text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '中', '\r', '\n', ' ', '\t', '😀'), maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (text, cuts) => {
          const raw = `\x1b[200~${text}\x1b[201~`;
          const points = [...new Set(cuts.map((c) => c % (raw.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let last = 0;
          for (const p of points) {
            chunks.push(raw.slice(last, p));
            last = p;
          }
          chunks.push(raw.slice(last));
          const inserted = keys(...chunks.filter((c) => c !== ''))
            .map((k) => (k.type === 'edit' && k.action.type === 'insert' ? k.action.text : '?'))
            .join('');
          expect(inserted).toBe(cleanPaste(text));
        },
      ),
    );
  });
});
