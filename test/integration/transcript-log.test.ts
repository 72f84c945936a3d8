import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogFileError, openTranscriptLog } from '../../src/app/transcript-log.js';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-log-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('transcript log file', () => {
  it('appends entries to an existing file', () => {
    const file = path.join(dir, 'chat.log');
    fs.writeFileSync(file, 'earlier\n');
    const log = openTranscriptLog(file, () => Date.UTC(2025, 0, 2, 3, 4, 5, 678));
    log.record({ type: 'sent', lines: ['date'], queued: false });
    log.record({ type: 'received', lines: ['Thu Jan  2 03:04:05 UTC 2025'], partial: '' });
    log.record({ type: 'state', snapshot: undefined as never });
    log.note('server: client connected');
    log.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(
      'earlier\n' +
        '2025-01-02T03:04:05.678Z > date\n' +
        '2025-01-02T03:04:05.678Z < Thu Jan  2 03:04:05 UTC 2025\n' +
        '2025-01-02T03:04:05.678Z * server: client connected\n',
    );
    expect(log.failure).toBeUndefined();
  });

  it('refuses a path in a missing directory with one line', () => {
    const file = path.join(dir, 'missing', 'chat.log');
    expect(() => openTranscriptLog(file)).toThrow(LogFileError);
    expect(() => openTranscriptLog(file)).toThrow(
      `cannot open log file ${file}: no such file or directory`,
    );
  });

  it('refuses a directory', () => {
    try {
      openTranscriptLog(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LogFileError);
      expect((error as LogFileError).code).toBe('ELOGFILE');
      expect((error as Error).message).toBe(`cannot open log file ${dir}: is a directory`);
    }
  });

  it('ignores records after close', () => {
    const file = path.join(dir, 'chat.log');
    const log = openTranscriptLog(file);
    log.close();
    log.record({ type: 'received', lines: ['late'], partial: '' });
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });
});
