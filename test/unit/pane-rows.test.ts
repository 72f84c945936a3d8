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
import { wrapLine } from '../../src/client/view/wrap.js';

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
    const pane = createPaneRenderer((text, width) => {
      wrapped++;
      return wrapLine(text, width);
    });
    const small = { width: 80, height: 30 };
    const rows = pane.rows(content(t), initialScrollState, small);
    expect(rows.map((r) => r.text).slice(-1)).toEqual(['line 99999']);
    const up = scrollReducer(initialScrollState, { type: 'page-up' }, pane.view(content(t), small));
    pane.rows(content(t), up, small);
    expect(wrapped).toBeLessThanOrEqual(30 * 2 + 2);
  });
});

describe('pane rows: drawn once, made again when what they show changes', () => {
  const size = { width: 12, height: 3 };
  const lines = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `<ada> hi ${from + i}`);

  it('hands back the same rows frame after frame as lines arrive', () => {
    const pane = createPaneRenderer();
    let t = transcript({ type: 'received', time: at, lines: lines(0, 3) });
    const before = pane.rows(content(t), initialScrollState, size);
    t = appendToTranscript(t, [{ type: 'received', time: at, lines: lines(3, 1) }]);
    const after = pane.rows(content(t), initialScrollState, size);
    expect(after.map((r) => r.text)).toEqual(['<ada> hi 1', '<ada> hi 2', '<ada> hi 3']);
    // The rows that stayed on screen are the very same objects (styled once, pane-text.ts).
    expect(after[0]).toBe(before[1]);
    expect(after[1]).toBe(before[2]);
  });

  it('wraps again when the width changes', () => {
    const pane = createPaneRenderer();
    const t = transcript({ type: 'received', time: at, lines: ['abcdefghij'] });
    expect(pane.rows(content(t), initialScrollState, size).map((r) => r.text)).toEqual([
      'abcdefghij',
    ]);
    expect(
      pane.rows(content(t), initialScrollState, { width: 4, height: 3 }).map((r) => r.text),
    ).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('stamps and unstamps when the timestamps are toggled', () => {
    const pane = createPaneRenderer();
    const t = transcript({ type: 'received', time: at, lines: ['x'] });
    const wide = { width: 20, height: 3 };
    expect(pane.rows(content(t), initialScrollState, wide)[0]).toMatchObject({ text: 'x' });
    expect(pane.rows(content(t, true), initialScrollState, wide)[0]).toMatchObject({
      text: '09:05:07 x',
      stampLength: 9,
    });
    expect(pane.rows(content(t), initialScrollState, wide)[0]).toMatchObject({
      text: 'x',
      stampLength: 0,
    });
  });

  it('styles chat lines once your nick is known, and mentions of the new one', () => {
    const pane = createPaneRenderer();
    const t = transcript({ type: 'received', time: at, lines: ['<bob> hi ada'] });
    const wide = { width: 20, height: 3 };
    expect(pane.rows(content(t), initialScrollState, wide)[0]!.nick).toBeUndefined();
    const asAda = pane.rows({ ...content(t), nick: 'ada' }, initialScrollState, wide)[0]!;
    expect(asAda).toMatchObject({ style: 'mention', nick: { start: 1, length: 3, own: false } });
    const asEve = pane.rows({ ...content(t), nick: 'eve' }, initialScrollState, wide)[0]!;
    expect(asEve.style).toBe('received');
  });

  it('drops "(queued)" when the message is delivered', () => {
    const pane = createPaneRenderer();
    const t = transcript({ type: 'sent', time: at, lines: ['hi'] });
    const wide = { width: 20, height: 3 };
    expect(pane.rows(content(t, false, 1), initialScrollState, wide)[0]!.text).toBe(
      '› hi  (queued)',
    );
    expect(pane.rows(content(t, false, 0), initialScrollState, wide)[0]!.text).toBe('› hi');
    expect(pane.rows(content(t, false, 1), initialScrollState, wide)[0]!.style).toBe('queued');
  });

  it('keeps a scrolled-up view on its rows while lines arrive below', () => {
    const pane = createPaneRenderer();
    let t = transcript({ type: 'received', time: at, lines: lines(0, 6) });
    const up = scrollReducer(initialScrollState, { type: 'page-up' }, pane.view(content(t), size));
    const before = pane.rows(content(t), up, size).map((r) => r.text);
    t = appendToTranscript(t, [{ type: 'received', time: at, lines: lines(6, 4) }]);
    expect(pane.rows(content(t), up, size).map((r) => r.text)).toEqual(before);
    expect(pane.rows(content(t), initialScrollState, size).map((r) => r.text)).toEqual([
      '<ada> hi 7',
      '<ada> hi 8',
      '<ada> hi 9',
    ]);
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
