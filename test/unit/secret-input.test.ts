import { describe, expect, it } from 'vitest';
import { isPasswordPrompt } from '../../src/client/state/secret-input.js';
import { layoutInput } from '../../src/client/view/input-view.js';
import { editorReducer, initialEditorState } from '../../src/client/state/input-editor.js';

describe('password prompts', () => {
  it.each([
    'Password:',
    'password: ',
    'PASSWORD:  ',
    "ada@host's password: ",
    'Enter passphrase: ',
    '密码：',
    '请输入密码: ',
    'Passwort:',
  ])('asks for a secret: %j', (text) => expect(isPasswordPrompt(text)).toBe(true));

  it.each(['login: ', 'Password reset sent', 'password', '$ ', 'forgot your password? ', ''])(
    'does not: %j',
    (text) => expect(isPasswordPrompt(text)).toBe(false),
  );
});

describe('masked input', () => {
  it('shows a dot per character, the cursor where it was', () => {
    let editor = initialEditorState;
    for (const ch of 'pä你') editor = editorReducer(editor, { type: 'insert', text: ch });
    editor = editorReducer(editor, { type: 'left' });
    const layout = layoutInput(editor, 40, 5, true);
    expect(layout.rows).toEqual(['› •••']);
    expect(layout.cursor.x).toBe(4);
  });

  it('keeps a secret out of the history', () => {
    const typed = editorReducer(initialEditorState, { type: 'insert', text: 'hunter2' });
    expect(editorReducer(typed, { type: 'submitted', secret: true }).history).toEqual([]);
    expect(editorReducer(typed, { type: 'submitted' }).history).toEqual([['hunter2']]);
  });
});
