import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  noPrompt,
  promptAnswered,
  promptReceived,
  visiblePrompt,
  type PromptState,
} from '../../src/client/connection/prompt.js';

describe('prompts (an unfinished last line)', () => {
  it('shows the unfinished line as it grows, and as a line once it ends', () => {
    let { state } = promptReceived(noPrompt, [], 'log');
    expect(visiblePrompt(state)).toBe('log');
    ({ state } = promptReceived(state, [], 'login: '));
    expect(visiblePrompt(state)).toBe('login: ');
    const done = promptReceived(state, ['login: welcome'], '');
    expect(done.lines).toEqual(['login: welcome']);
    expect(visiblePrompt(done.state)).toBe('');
  });

  it('puts an answer with its prompt, and does not show the prompt again', () => {
    const { state } = promptReceived(noPrompt, ['Welcome'], 'login: ');
    const answer = promptAnswered(state);
    expect(answer.prompt).toBe('login: ');
    expect(visiblePrompt(answer.state)).toBe('');
    // The server ends the line (no echo) and prompts again.
    const next = promptReceived(answer.state, ['login: '], 'Password: ');
    expect(next.lines).toEqual([]);
    expect(visiblePrompt(next.state)).toBe('Password: ');
  });

  it('keeps what followed the answered prompt on its line', () => {
    const { state } = promptAnswered(promptReceived(noPrompt, [], '>>> ').state);
    // A server that echoes: the answer comes back after the prompt.
    const grown = promptReceived(state, [], '>>> 1+1');
    expect(visiblePrompt(grown.state)).toBe('1+1');
    expect(promptReceived(grown.state, ['>>> 1+1', '2'], '>>> ').lines).toEqual(['1+1', '2']);
  });

  it('answering with no prompt showing gives no prompt', () => {
    expect(promptAnswered(noPrompt).prompt).toBe('');
    const answered = promptAnswered(promptAnswered(promptReceived(noPrompt, [], '$ ').state).state);
    expect(answered.prompt).toBe('');
  });

  it('loses and repeats nothing: every character the server sent is shown once, in order', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('text' as const), text: fc.stringMatching(/^[ab:\n]{0,6}$/) }),
      fc.record({ kind: fc.constant('answer' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let sent = '';
        let pending = '';
        let shown = '';
        let state: PromptState = noPrompt;
        for (const s of steps) {
          if (s.kind === 'answer') {
            const answered = promptAnswered(state);
            // The answered prompt is shown on the answer's row, the rest of its line later.
            shown += answered.prompt;
            state = answered.state;
            continue;
          }
          sent += s.text;
          // What a line framer reports: the lines this text completes, and the unfinished rest.
          const parts = (pending + s.text).split('\n');
          pending = parts.pop()!;
          const next = promptReceived(state, parts, pending);
          shown += next.lines.map((line) => `${line}\n`).join('');
          state = next.state;
        }
        // Rows aside (an answered prompt ends its row), every character once, in order.
        const chars = (text: string) => text.replaceAll('\n', '');
        expect(chars(shown + visiblePrompt(state))).toBe(chars(sent));
      }),
    );
  });
});
