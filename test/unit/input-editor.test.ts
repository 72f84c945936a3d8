import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cursorColumn,
  editorReducer,
  editorText,
  initialEditorState,
  isEmpty,
  type EditorAction,
  type EditorState,
} from '../../src/client/state/input-editor.js';

function run(...actions: EditorAction[]): EditorState {
  return actions.reduce(editorReducer, initialEditorState);
}

const type = (text: string): EditorAction => ({ type: 'insert', text });
const key = (t: Exclude<EditorAction['type'], 'insert'>) => ({ type: t }) as EditorAction;

describe('input editor', () => {
  it('starts empty', () => {
    expect(isEmpty(initialEditorState)).toBe(true);
    expect(editorText(initialEditorState)).toEqual(['']);
  });

  it('Enter adds a line; the text keeps every line as typed', () => {
    const s = run(type('GET / HTTP/1.0'), key('newline'), type('Host: x'), key('newline'));
    expect(editorText(s)).toEqual(['GET / HTTP/1.0', 'Host: x', '']);
    expect([s.row, s.col]).toEqual([2, 0]);
  });

  it('pasted text with CRLF or CR becomes lines, cursor after it', () => {
    const s = run(type('ab'), key('left'), type('1\r\n2\r3'));
    expect(editorText(s)).toEqual(['a1', '2', '3b']);
    expect([s.row, s.col]).toEqual([2, 1]);
  });

  it('moves over a CJK character or an emoji in one step', () => {
    const s = run(type('你好👍🏽x'), key('left'), key('left'));
    expect(s.col).toBe('你好'.length);
    expect(cursorColumn(s)).toBe(4);
    const back = editorReducer(s, { type: 'backspace' });
    expect(editorText(back)).toEqual(['你👍🏽x']);
    expect(cursorColumn(back)).toBe(2);
    expect(editorText(editorReducer(back, { type: 'delete' }))).toEqual(['你x']);
  });

  it('Backspace at the start of a line joins it to the previous one', () => {
    const s = run(type('ab'), key('newline'), type('cd'), key('home'), key('backspace'));
    expect(editorText(s)).toEqual(['abcd']);
    expect([s.row, s.col]).toEqual([0, 2]);
    expect(editorReducer(run(type('x'), key('home')), key('backspace'))).toEqual(
      run(type('x'), key('home')),
    );
  });

  it('Delete at the end of a line joins the next one', () => {
    const s = run(type('ab'), key('newline'), type('cd'), key('up'), key('end'), key('delete'));
    expect(editorText(s)).toEqual(['abcd']);
  });

  it('left and right cross line ends', () => {
    const s = run(type('ab'), key('newline'), type('c'), key('home'), key('left'));
    expect([s.row, s.col]).toEqual([0, 2]);
    expect([editorReducer(s, key('right')).row, editorReducer(s, key('right')).col]).toEqual([
      1, 0,
    ]);
  });

  it('up and down keep the display column across wide characters', () => {
    const s = run(type('中文中文'), key('newline'), type('abcde'), key('up'));
    expect([s.row, cursorColumn(s)]).toEqual([0, 4]);
    const down = editorReducer(editorReducer(s, key('left')), key('down'));
    expect([down.row, down.col]).toEqual([1, 2]);
  });

  it('Ctrl+U, Ctrl+K and Ctrl+W edit around the cursor', () => {
    const base = run(type('say hello world'), key('left'), key('left'));
    expect(editorText(editorReducer(base, key('kill-before')))).toEqual(['ld']);
    expect(editorText(editorReducer(base, key('kill-after')))).toEqual(['say hello wor']);
    expect(editorText(editorReducer(base, key('delete-word')))).toEqual(['say hello ld']);
    const spaced = run(type('one two  '), key('delete-word'));
    expect(editorText(spaced)).toEqual(['one ']);
  });

  it('Ctrl+K at the end of a line joins the next', () => {
    const s = run(type('a'), key('newline'), type('b'), key('up'), key('end'), key('kill-after'));
    expect(editorText(s)).toEqual(['ab']);
  });

  it('walks the history of sent messages without losing the draft', () => {
    let s = run(type('first'), key('submitted'), type('second'), key('newline'), type('2b'));
    s = editorReducer(s, key('submitted'));
    expect(isEmpty(s)).toBe(true);
    s = editorReducer(s, type('draft'));
    s = editorReducer(s, key('up'));
    expect(editorText(s)).toEqual(['second', '2b']);
    expect(s.row).toBe(1);
    s = editorReducer(editorReducer(s, key('up')), key('up')); // row 1 → row 0 → older entry
    expect(editorText(s)).toEqual(['first']);
    expect(editorReducer(s, key('up'))).toBe(s); // oldest: stays
    s = editorReducer(s, key('down'));
    expect(editorText(s)).toEqual(['second', '2b']);
    expect(s.row).toBe(0); // coming from above: walk down through its rows
    s = editorReducer(editorReducer(s, key('down')), key('down'));
    expect(editorText(s)).toEqual(['draft']);
    expect(s.historyIndex).toBeUndefined();
  });

  it('does not record empty or repeated messages', () => {
    const s = run(type('a'), key('submitted'), key('submitted'), type('a'), key('submitted'));
    expect(s.history).toEqual([['a']]);
  });

  it('keeps the cursor on a grapheme boundary inside the buffer whatever is done', () => {
    const action = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }).map(type),
      fc.constantFrom(
        ...(
          [
            'newline',
            'backspace',
            'delete',
            'left',
            'right',
            'up',
            'down',
            'home',
            'end',
            'kill-before',
            'kill-after',
            'delete-word',
            'submitted',
          ] as const
        ).map(key),
      ),
    );
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        const s = run(...actions);
        expect(s.lines.length).toBeGreaterThan(0);
        const current = s.lines[s.row];
        expect(current).toBeDefined();
        const boundaries = new Set([...segmenter.segment(current!)].map((g) => g.index));
        boundaries.add(current!.length);
        expect(boundaries.has(s.col)).toBe(true);
      }),
    );
  });
});
