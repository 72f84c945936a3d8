import { describe, expect, it } from 'vitest';
import { formatLogEntries, logEntriesFor } from '../../src/client/view/log-entries.js';
import { noPrompt } from '../../src/client/connection/prompt.js';

const T = '2025-01-02T03:04:05.678Z';

describe('transcript log entries', () => {
  it('writes time, direction and text, one entry per line', () => {
    expect(formatLogEntries(T, '<', ['a', 'b'])).toBe(`${T} < a\n${T} < b\n`);
  });

  it('makes controls visible so an entry never spans lines or drives a terminal', () => {
    expect(formatLogEntries(T, '<', ['\x1b[2J\rx\ny'])).toBe(`${T} < \\x1b[2J\\x0dx\\x0ay\n`);
  });

  it('maps each event to its direction', () => {
    expect(logEntriesFor({ type: 'received', lines: ['hi'], partial: '' }, T).text).toBe(
      `${T} < hi\n`,
    );
    expect(logEntriesFor({ type: 'sent', lines: ['date', 'ls'], queued: false }, T).text).toBe(
      `${T} > date\n${T} > ls\n`,
    );
    expect(logEntriesFor({ type: 'sent', lines: ['later'], queued: true }, T).text).toBe(
      `${T} + later\n`,
    );
    expect(logEntriesFor({ type: 'flushed', messages: 2 }, T).text).toBe(
      `${T} * delivered 2 queued messages\n`,
    );
    expect(logEntriesFor({ type: 'system', level: 'warn', text: 'closed by server' }, T).text).toBe(
      `${T} * closed by server\n`,
    );
  });
});

describe('prompts in the log', () => {
  it('logs a prompt once: just before its answer, or as a line once complete', () => {
    let prompt = noPrompt;
    const log = (event: Parameters<typeof logEntriesFor>[0]) => {
      const entries = logEntriesFor(event, T, prompt);
      prompt = entries.prompt;
      return entries.text;
    };
    expect(log({ type: 'received', lines: ['Welcome'], partial: 'login: ' })).toBe(
      `${T} < Welcome\n`,
    );
    expect(log({ type: 'sent', lines: ['ada'], queued: false })).toBe(
      `${T} < login: \n${T} > ada\n`,
    );
    // The server ends the prompt's line and prompts again: the answered part is not logged twice.
    expect(log({ type: 'received', lines: ['login: '], partial: '$ ' })).toBe('');
    expect(log({ type: 'received', lines: ['$ done'], partial: '' })).toBe(`${T} < $ done\n`);
  });
});
