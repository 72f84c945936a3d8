import { describe, expect, it } from 'vitest';
import { createPaneRenderer, formatClock } from '../../src/client/pane-rows.js';
import { initialScrollState, scrollReducer } from '../../src/client/scroll.js';
import {
  appendToTranscript,
  createTranscript,
  type TranscriptInput,
} from '../../src/client/transcript.js';
import { createRowCache } from '../../src/client/wrap.js';

const at = new Date(2024, 0, 2, 9, 5, 7).getTime();

function transcript(...inputs: TranscriptInput[]) {
  return appendToTranscript(createTranscript(100_000), inputs);
}

describe('pane rows', () => {
  const layout = { width: 12, height: 10, timestamps: false };

  it('marks sent lines, styles system lines, wraps by width', () => {
    const t = transcript(
      { type: 'received', time: at, lines: ['Hello, 世界世界世界!'] },
      { type: 'sent', time: at, lines: ['date'], queued: false },
      { type: 'system', time: at, level: 'error', text: 'closed' },
    );
    const rows = createPaneRenderer().rows(t, initialScrollState, layout);
    expect(rows.map((r) => [r.style, r.markerLength, r.text])).toEqual([
      ['received', 0, 'Hello, 世界'],
      ['received', 0, '世界世界!'],
      ['sent', 2, '› date'],
      ['error', 2, '• closed'],
    ]);
  });

  it('shows queued lines until they are delivered', () => {
    let t = transcript({ type: 'sent', time: at, lines: ['hi'], queued: true });
    const pane = createPaneRenderer();
    const wide = { ...layout, width: 40 };
    expect(pane.rows(t, initialScrollState, wide)[0]).toMatchObject({
      style: 'queued',
      text: '› hi  (queued)',
    });
    t = appendToTranscript(t, [{ type: 'flushed', time: at, messages: 1 }]);
    expect(pane.rows(t, initialScrollState, wide)[0]).toMatchObject({
      style: 'sent',
      text: '› hi',
    });
  });

  it('prefixes the first row of each entry with a timestamp when asked', () => {
    const t = transcript({ type: 'sent', time: at, lines: ['abcdefghij'], queued: false });
    const rows = createPaneRenderer().rows(t, initialScrollState, {
      width: 12,
      height: 5,
      timestamps: true,
    });
    expect(formatClock(at)).toBe('09:05:07');
    expect(rows.map((r) => [r.stampLength, r.markerLength, r.text])).toEqual([
      [9, 2, '09:05:07 › a'],
      [0, 0, 'bcdefghij'],
    ]);
  });

  it('wraps only the entries it shows, whatever the scrollback', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i}`);
    const t = transcript({ type: 'received', time: at, lines });
    let wrapped = 0;
    const inner = createRowCache();
    const pane = createPaneRenderer({
      rows(item, width, variant, text) {
        return inner.rows(item, width, variant, () => {
          wrapped++;
          return text();
        });
      },
    });
    const small = { width: 80, height: 30, timestamps: false };
    const rows = pane.rows(t, initialScrollState, small);
    expect(rows.map((r) => r.text).slice(-1)).toEqual(['line 99999']);
    const up = scrollReducer(initialScrollState, { type: 'page-up' }, pane.view(t, small));
    pane.rows(t, up, small);
    expect(wrapped).toBeLessThanOrEqual(30 * 2 + 2);
  });
});
