import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { InputBox } from '../../components/InputBox.js';
import {
  editorReducer,
  initialEditorState,
  isEmpty,
  type EditorState,
} from '../../src/client/state/input-editor.js';
import { layoutInput } from '../../src/client/view/input-view.js';
import { createKeymap } from '../../src/client/state/keymap.js';
import { createInputParser } from '../../node_modules/ink/build/input-parser.js';

/** Types raw terminal input through Ink's parser, the keymap and the editor, as the app does. */
function typed(...chunks: string[]): EditorState {
  const parser = createInputParser();
  const keymap = createKeymap();
  let state = initialEditorState;
  for (const chunk of chunks) {
    for (const input of parser.push(chunk)) {
      for (const key of keymap.push(input)) {
        if (key.type === 'edit') state = editorReducer(state, key.action);
      }
    }
  }
  return state;
}

function box(state: EditorState, width = 30, maxRows = 5) {
  const layout = layoutInput(state, width, maxRows);
  const { lastFrame } = render(<InputBox layout={layout} width={width} empty={isEmpty(state)} />);
  return { rows: (lastFrame() ?? '').split('\n').map((r) => r.trimEnd()), layout };
}

describe('InputBox', () => {
  afterEach(cleanup);

  it('shows a hint when empty', () => {
    const { rows } = box(initialEditorState, 60);
    expect(rows[0]).toMatch(/^─+$/);
    expect(rows[1]).toBe('› Type a message · Enter adds a line · Ctrl+D sends');
  });

  it('shows every line typed, Enter making a new one', () => {
    const { rows, layout } = box(typed('GET / HTTP/1.0', '\r', 'Host: example.com', '\r'));
    expect(rows.slice(1)).toEqual(['› GET / HTTP/1.0', '  Host: example.com', '']);
    expect(layout.cursor).toEqual({ x: 2, y: 2 });
  });

  it('moves over CJK in one step and puts the cursor at its display column', () => {
    const { rows, layout } = box(typed('你好世界', '\x1b[D', '\x1b[D'));
    expect(rows[1]).toBe('› 你好世界');
    expect(layout.cursor).toEqual({ x: 2 + 4, y: 0 });
  });

  it('soft-wraps a long line by display width and follows the cursor', () => {
    const state = typed('中'.repeat(20));
    const { rows, layout } = box(state, 12, 5);
    for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(12);
    expect(rows.slice(1)).toEqual([
      '› 中中中中中',
      '  中中中中中',
      '  中中中中中',
      '  中中中中中',
      '',
    ]);
    // 20 characters fill 4 rows exactly: the cursor starts a fifth.
    expect(layout.cursor).toEqual({ x: 2, y: 4 });
  });

  it('edits with Backspace, Delete, Ctrl+U/K/W and Home/End like a shell', () => {
    expect(typed('hello world', '\x17').lines).toEqual(['hello ']);
    expect(typed('hello world', '\x01', '\x1b[3~').lines).toEqual(['ello world']);
    expect(typed('hello world', '\x7f\x7f').lines).toEqual(['hello wor']);
    expect(typed('hello world', '\x01', '\x0b').lines).toEqual(['']);
    expect(typed('hello world', '\x1b[D\x1b[D', '\x15').lines).toEqual(['ld']);
  });

  it('shows the last rows of a tall buffer and says how many are hidden', () => {
    const state = typed('1\r2\r3\r4\r5\r6\r7');
    const { rows } = box(state, 40, 3);
    expect(rows[0]).toContain('7 rows, 4 hidden');
    expect(rows.slice(1)).toEqual(['  5', '  6', '  7']);
  });

  it('inserts a bracketed paste with its newlines', () => {
    const { rows } = box(typed('\x1b[200~one\rtwo\r\nthree\x1b[201~'));
    expect(rows.slice(1)).toEqual(['› one', '  two', '  three']);
  });
});
