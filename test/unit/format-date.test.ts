import { describe, expect, it } from 'vitest';
import { formatDate } from '../../src/server/core/format-date.js';

describe('formatDate', () => {
  const instant = new Date('2025-03-14T14:09:26.900Z');

  it('shows the wall-clock time in the zone, with offset and zone name', () => {
    expect(formatDate(instant, 'Europe/Berlin')).toBe(
      'Fri 2025-03-14 15:09:26 +01:00 (Europe/Berlin)',
    );
    expect(formatDate(instant, 'America/New_York')).toBe(
      'Fri 2025-03-14 10:09:26 -04:00 (America/New_York)',
    );
    expect(formatDate(instant, 'Asia/Kolkata')).toBe(
      'Fri 2025-03-14 19:39:26 +05:30 (Asia/Kolkata)',
    );
  });

  it('writes a zero offset as +00:00', () => {
    expect(formatDate(instant, 'UTC')).toBe('Fri 2025-03-14 14:09:26 +00:00 (UTC)');
  });

  it('follows daylight saving time', () => {
    expect(formatDate(new Date('2025-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(
      'Tue 2025-07-01 02:00:00 +02:00 (Europe/Berlin)',
    );
  });

  it('uses 00 for midnight, not 24', () => {
    expect(formatDate(new Date('2025-01-01T00:00:05Z'), 'UTC')).toBe(
      'Wed 2025-01-01 00:00:05 +00:00 (UTC)',
    );
  });
});
