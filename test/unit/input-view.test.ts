import { describe, expect, it } from 'vitest';
import {
  editorReducer,
  initialEditorState,
  type EditorAction,
} from '../../src/client/state/input-editor.js';
import { layoutInput } from '../../src/client/view/input-view.js';

const run = (...actions: EditorAction[]) => actions.reduce(editorReducer, initialEditorState);
const type = (text: string): EditorAction => ({ type: 'insert', text });

describe('input layout', () => {
  it('puts the prompt on the first line and indents the others', () => {
    const l = layoutInput(run(type('a\nb')), 20, 5);
    expect(l.rows).toEqual(['› a', '  b']);
    expect(l.cursor).toEqual({ x: 3, y: 1 });
  });

  it('expands tabs as the editor measures them', () => {
    const l = layoutInput(run(type('a\tb')), 40, 5);
    expect(l.rows).toEqual(['› a       b']);
    expect(l.cursor).toEqual({ x: 2 + 9, y: 0 });
  });

  it('keeps the cursor row in view when the buffer is taller than the box', () => {
    const s = run(
      type('1\n2\n3\n4\n5'),
      { type: 'up' },
      { type: 'up' },
      { type: 'up' },
      { type: 'up' },
    );
    const l = layoutInput(s, 20, 2);
    expect(l.totalRows).toBe(5);
    expect(l.rows).toEqual(['› 1', '  2']);
    expect(l.cursor.y).toBe(0);
    const bottom = layoutInput(run(type('1\n2\n3\n4\n5')), 20, 2);
    expect(bottom.rows).toEqual(['  4', '  5']);
    expect(bottom.cursor).toEqual({ x: 3, y: 1 });
  });

  it('a cursor after a wide character that ends a full row starts the next row', () => {
    const l = layoutInput(run(type('ab中')), 6, 5);
    expect(l.rows).toEqual(['› ab中', '  ']);
    expect(l.cursor).toEqual({ x: 2, y: 1 });
  });
});
