import { describe, expect, it } from 'vitest';
import { createPaneRenderer, formatClock } from '../../src/client/view/pane-rows.js';
import { initialScrollState, scrollReducer } from '../../src/client/state/scroll.js';
import {
  appendToTranscript,
  createTranscript,
  type Transcript,
  type TranscriptInput,
} from '../../src/client/state/transcript.js';
import type { PaneContent } from '../../src/client/state/tui-state.js';
import { createRowCache } from '../../src/client/view/wrap.js';

const at = new Date(2024, 0, 2, 9, 5, 7).getTime();

function transcript(...inputs: TranscriptInput[]) {
  return appendToTranscript(createTranscript(100_000), inputs);
}

function content(transcript: Transcript, timestamps = false, queued = 0): PaneContent {
  return { transcript, timestamps, queued };
}

describe('pane rows', () => {
  const layout = { width: 12, height: 10 };

  it('marks sent lines, styles system lines, wraps by width', () => {
    const t = transcript(
      { type: 'received', time: at, lines: ['Hello, 世界世界世界!'] },
      { type: 'sent', time: at, lines: ['date'] },
      { type: 'system', time: at, level: 'error', text: 'closed' },
    );
    const rows = createPaneRenderer().rows(content(t), initialScrollState, layout);
    expect(rows.map((r) => [r.style, r.markerLength, r.text])).toEqual([
      ['received', 0, 'Hello, 世界'],
      ['received', 0, '世界世界!'],
      ['sent', 2, '› date'],
      ['error', 2, '• closed'],
    ]);
  });

  it('shows queued lines until they are delivered', () => {
    let t = transcript({ type: 'sent', time: at, lines: ['hi'] });
    const pane = createPaneRenderer();
    const wide = { ...layout, width: 40 };
    expect(pane.rows(content(t, false, 1), initialScrollState, wide)[0]).toMatchObject({
      style: 'queued',
      text: '› hi  (queued)',
    });
    t = appendToTranscript(t, [{ type: 'flushed', time: at, messages: 1 }]);
    expect(pane.rows(content(t), initialScrollState, wide)[0]).toMatchObject({
      style: 'sent',
      text: '› hi',
    });
  });

  it('prefixes the first row of each entry with a timestamp when asked', () => {
    const t = transcript({ type: 'sent', time: at, lines: ['abcdefghij'] });
    const rows = createPaneRenderer().rows(content(t, true), initialScrollState, {
      width: 12,
      height: 5,
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
    const small = { width: 80, height: 30 };
    const rows = pane.rows(content(t), initialScrollState, small);
    expect(rows.map((r) => r.text).slice(-1)).toEqual(['line 99999']);
    const up = scrollReducer(initialScrollState, { type: 'page-up' }, pane.view(content(t), small));
    pane.rows(content(t), up, small);
    expect(wrapped).toBeLessThanOrEqual(30 * 2 + 2);
  });
});

describe('pane rows: prompts', () => {
  const layout = { width: 20, height: 10 };

  it('draws the unfinished line after the last entry, wrapped and sanitised', () => {
    const t = transcript({ type: 'received', time: at, lines: ['Welcome'] });
    const rows = createPaneRenderer().rows(
      { ...content(t), partial: 'login \x1b[1mplease\x1b[0m, 你好你好: ' },
      initialScrollState,
      layout,
    );
    expect(rows.map((r) => [r.style, r.text])).toEqual([
      ['received', 'Welcome'],
      ['received', 'login please, 你好你'],
      ['received', '好: '],
    ]);
  });

  it('is measured like an entry, so the view follows it to the bottom', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i}`);
    const t = transcript({ type: 'received', time: at, lines });
    const renderer = createPaneRenderer();
    const small = { width: 20, height: 3 };
    const rows = renderer.rows({ ...content(t), partial: '>>> ' }, initialScrollState, small);
    expect(rows.map((r) => r.text)).toEqual(['line 10', 'line 11', '>>> ']);
    expect(renderer.view({ ...content(t), partial: '>>> ' }, small).endSeq).toBe(13);
    expect(renderer.view(content(t), small).endSeq).toBe(12);
  });

  it('puts a sent line on the row of the prompt it answered', () => {
    const t = transcript(
      { type: 'sent', time: at, lines: ['ada', 'second'], prompt: 'login: ' },
      { type: 'sent', time: at, lines: ['plain'] },
    );
    const rows = createPaneRenderer().rows(content(t, true), initialScrollState, layout);
    expect(rows.map((r) => [r.stampLength, r.promptLength, r.markerLength, r.text])).toEqual([
      [9, 7, 2, '09:05:07 login: › ad'],
      [0, 0, 0, 'a'],
      [9, 0, 2, '09:05:07 › second'],
      [9, 0, 2, '09:05:07 › plain'],
    ]);
  });
});
