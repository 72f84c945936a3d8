import { describe, expect, it } from 'vitest';
import { formatLogEntries, logEntriesFor } from '../../src/client/view/log-entries.js';

const T = '2025-01-02T03:04:05.678Z';

describe('transcript log entries', () => {
  it('writes time, direction and text, one entry per line', () => {
    expect(formatLogEntries(T, '<', ['a', 'b'])).toBe(`${T} < a\n${T} < b\n`);
  });

  it('makes controls visible so an entry never spans lines or drives a terminal', () => {
    expect(formatLogEntries(T, '<', ['\x1b[2J\rx\ny'])).toBe(`${T} < \\x1b[2J\\x0dx\\x0ay\n`);
  });

  it('maps each event to its direction', () => {
    expect(logEntriesFor({ type: 'received', lines: ['hi'], partial: '' }, T)).toBe(`${T} < hi\n`);
    expect(logEntriesFor({ type: 'sent', lines: ['date', 'ls'], queued: false }, T)).toBe(
      `${T} > date\n${T} > ls\n`,
    );
    expect(logEntriesFor({ type: 'sent', lines: ['later'], queued: true }, T)).toBe(
      `${T} + later\n`,
    );
    expect(logEntriesFor({ type: 'flushed', messages: 2 }, T)).toBe(
      `${T} * delivered 2 queued messages\n`,
    );
    expect(logEntriesFor({ type: 'system', level: 'warn', text: 'closed by server' }, T)).toBe(
      `${T} * closed by server\n`,
    );
  });
});
