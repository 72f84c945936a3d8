import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeControls,
  expandTabs,
  sanitizeForDisplay,
  stripEscapes,
} from '../../src/protocol/sanitize.js';

// Anything a terminal would act on: C0 (tab aside), DEL, C1.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

describe('escapeControls', () => {
  it('returns text without controls unchanged', () => {
    expect(escapeControls('Hello, José 😀 中文\tend')).toBe('Hello, José 😀 中文\tend');
  });

  it('shows C0 controls, DEL and C1 controls as \\xNN', () => {
    expect(escapeControls('\x1b[31mred')).toBe('\\x1b[31mred');
    expect(escapeControls('a\x00b\x07c\x7fd')).toBe('a\\x00b\\x07c\\x7fd');
    expect(escapeControls('cr\rlf\n')).toBe('cr\\x0dlf\\x0a');
    expect(escapeControls('\u009b2J\u0085')).toBe('\\x9b2J\\x85');
  });

  it('keeps tabs and U+FFFD', () => {
    expect(escapeControls('a\tb\ufffd')).toBe('a\tb\ufffd');
  });

  it('never leaves a control character in its output', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(escapeControls(s)).not.toMatch(CONTROL);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('stripEscapes', () => {
  it.each([
    ['SGR colour', '\x1b[1;31mred\x1b[0m', 'red'],
    ['cursor movement and erase', 'a\x1b[2J\x1b[H\x1b[10;5Hb\x1b[?25l', 'ab'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['window title ended by BEL', '\x1b]0;pwned\x07text', 'text'],
    ['window title ended by ST', '\x1b]2;pwned\x1b\\text', 'text'],
    ['clipboard write (OSC 52)', 'x\x1b]52;c;ZXZpbA==\x07y', 'xy'],
    ['hyperlink (OSC 8)', '\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\', 'click'],
    ['8-bit OSC ended by 8-bit ST', 'a\u009d0;t\u009cb', 'ab'],
    ['DCS', 'a\x1bP1$qm\x1b\\b', 'ab'],
    ['APC, PM and SOS', '\x1b_x\x1b\\\x1b^y\x1b\\\x1bXz\x1b\\ok', 'ok'],
    ['OSC cut short by the next ESC', '\x1b]0;title\x1b[31mred', 'red'],
    ['OSC unterminated at the end of the line', 'before\x1b]0;never ends', 'before'],
    ['charset switch and reset', '\x1b(Babc\x1bc', 'abc'],
    ['keypad mode', '\x1b=x\x1b>', 'x'],
    ['a lone ESC at the end', 'end\x1b', 'end'],
  ])('removes %s', (_name, input, output) => {
    expect(stripEscapes(input)).toBe(output);
  });

  it('leaves plain text alone', () => {
    expect(stripEscapes('plain [31m text')).toBe('plain [31m text');
  });
});

describe('expandTabs', () => {
  it('pads to the next multiple of the tab width by display columns', () => {
    expect(expandTabs('a\tb')).toBe('a       b');
    expect(expandTabs('\tx', 4)).toBe('    x');
    expect(expandTabs('中\tx', 4)).toBe('中  x');
    expect(expandTabs('abcd\tx', 4)).toBe('abcd    x');
  });
});

describe('sanitizeForDisplay', () => {
  it('strips sequences, escapes what is left, drops bidi controls and expands tabs', () => {
    expect(sanitizeForDisplay('\x1b[31mred\x1b[0m\x00\ttab \u202eevil\u202c')).toBe(
      'red\\x00 tab evil',
    );
  });

  it('keeps ordinary Unicode text', () => {
    expect(sanitizeForDisplay('Hello, 世界 👋 café')).toBe('Hello, 世界 👋 café');
  });

  it('never returns control, bidi or tab characters, whatever the input', () => {
    const chars = fc.oneof(
      fc.constantFrom('\x1b', '\x1b[', '\x1b]', '\x07', '\x9b', '\x9d', '\x9c', '\\', '\t', ';'),
      fc.constantFrom('\u202e', '\u2066', '\u200f', 'm', '0', 'é', '中', '😀'),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }), (parts) => {
        const out = sanitizeForDisplay(parts.join(''));
        expect(out).not.toMatch(CONTROL);
        expect(out).not.toMatch(BIDI);
        expect(out).not.toContain('\t');
      }),
      { numRuns: 2000 },
    );
  });
});
