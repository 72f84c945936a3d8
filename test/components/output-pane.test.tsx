import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { OutputPane } from '../../components/OutputPane.js';
import { createPaneRenderer, type PaneSize } from '../../src/client/view/pane-rows.js';
import {
  initialScrollState,
  noteAppended,
  scrollReducer,
  type ScrollState,
} from '../../src/client/state/scroll.js';
import {
  appendToTranscript,
  createTranscript,
  type Transcript,
} from '../../src/client/state/transcript.js';

const content = (transcript: Transcript, queued = 0) => ({
  transcript,
  timestamps: false,
  queued,
});

function pane(
  t: Transcript,
  layout: PaneSize,
  scroll: ScrollState = initialScrollState,
  queued = 0,
) {
  const rows = createPaneRenderer().rows(content(t, queued), scroll, layout);
  const badge =
    scroll.mode === 'pinned' && scroll.newLines > 0
      ? ` ${scroll.newLines} new lines ↓ `
      : undefined;
  const { lastFrame } = render(
    <OutputPane rows={rows} width={layout.width} height={layout.height} badge={badge} />,
  );
  return (lastFrame() ?? '').split('\n');
}

const received = (...lines: string[]) =>
  appendToTranscript(createTranscript(1000), [{ type: 'received', time: 0, lines }]);

describe('OutputPane', () => {
  afterEach(cleanup);

  it('wraps CJK and emoji by display width: every row fits, nothing is lost', () => {
    const text = '中文字符测试：你好，世界！😀 mixed ascii 한국어 テキスト';
    const rows = pane(received(text), { width: 15, height: 10 });
    const shown = rows.map((r) => r.trimEnd()).filter((r) => r !== '');
    for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(15);
    // Rows are cut between graphemes only (spaces at a row's end are trimmed here).
    expect(shown.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    expect(shown[0]).toBe('中文字符测试：');
  });

  it('shows only the last rows that fit, oldest first', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    const rows = pane(received(...lines), { width: 20, height: 4 });
    expect(rows.map((r) => r.trimEnd())).toEqual(['line 46', 'line 47', 'line 48', 'line 49']);
  });

  it('keeps blank lines (an HTTP header block ends with one)', () => {
    const rows = pane(received('HTTP/1.0 200 OK', '', '<h1>hi</h1>'), {
      width: 20,
      height: 3,
    });
    expect(rows.map((r) => r.trimEnd())).toEqual(['HTTP/1.0 200 OK', '', '<h1>hi</h1>']);
  });

  it('marks sent lines and system lines', () => {
    const t = appendToTranscript(createTranscript(100), [
      { type: 'sent', time: 0, lines: ['date'] },
      { type: 'sent', time: 0, lines: ['later'] },
      { type: 'system', time: 0, level: 'warn', text: 'closed by server' },
    ]);
    const rows = pane(t, { width: 30, height: 3 }, initialScrollState, 1);
    expect(rows.map((r) => r.trimEnd())).toEqual([
      '› date',
      '› later  (queued)',
      '• closed by server',
    ]);
  });

  it('shows the new-lines badge over the last row while scrolled up', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    let t = received(...lines);
    const layout = { width: 30, height: 5 };
    const renderer = createPaneRenderer();
    let scroll = scrollReducer(
      initialScrollState,
      { type: 'page-up' },
      renderer.view(content(t), layout),
    );
    t = appendToTranscript(t, [{ type: 'received', time: 0, lines: ['a', 'b', 'c'] }]);
    scroll = noteAppended(scroll, 3);
    const rows = pane(t, layout, scroll);
    expect(rows.slice(0, 4).map((r) => r.trimEnd())).toEqual([
      'line 21',
      'line 22',
      'line 23',
      'line 24',
    ]);
    // Flush right on the last row (a padded badge ending one column before the edge).
    expect(rows[4]!.trimEnd()).toBe(`line 25${' '.repeat(9)}3 new lines ↓`);
    for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(30);
  });
});
