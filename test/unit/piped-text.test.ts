import { describe, expect, it } from 'vitest';
import { pipedText } from '../../src/client/piped/piped-text.js';

describe('pipedText', () => {
  it('prints a prompt as it arrives, with no newline, and only the rest once it ends', () => {
    let out = pipedText('', ['Welcome'], 'log');
    expect(out).toEqual({ text: 'Welcome\nlog', printed: 'log' });
    out = pipedText(out.printed, [], 'login: ');
    expect(out).toEqual({ text: 'in: ', printed: 'login: ' });
    out = pipedText(out.printed, ['login: ok', 'next'], '$ ');
    expect(out).toEqual({ text: 'ok\nnext\n$ ', printed: '$ ' });
  });

  it('never prints raw controls of a prompt, even half a sequence', () => {
    const out = pipedText('', [], 'name\x1b[3');
    expect(out.text).toBe('name');
    expect(pipedText(out.printed, ['name\x1b[31m: x'], '').text).toBe(': x\n');
  });
});
