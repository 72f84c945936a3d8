import React from 'react';
import chalk from 'chalk';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { OutputPane } from '../../components/OutputPane.js';
import type { PaneRow, RowStyle } from '../../src/client/view/pane-rows.js';
import type { NickColor } from '../../src/client/view/nick-color.js';
import { displayWidth, wrapRows } from '../../src/client/view/wrap.js';
import { ReferencePane } from '../helpers/pane-reference.js';
import { withColours } from '../helpers/colours.js';

const STYLES: RowStyle[] = [
  'received',
  'sent',
  'queued',
  'info',
  'warn',
  'error',
  'notice',
  'history',
  'action',
  'pm',
  'mention',
];
const NICK_COLORS: NickColor[] = ['green', 'yellow', 'blueBright', 'cyanBright', 'magenta'];

const WIDTH = 24;

/** A row as the pane renderer makes them: stamp, prompt, marker, a nick, matches. */
const row: fc.Arbitrary<PaneRow> = fc
  .record({
    style: fc.constantFrom(...STYLES),
    stamp: fc.constantFrom('', '12:00:01 '),
    prompt: fc.constantFrom('', 'login: '),
    marker: fc.constantFrom('', '› ', '• '),
    body: fc.constantFrom('', 'hello', '<ada> hi there', '<张伟> 你好', ' x ', '* bob waves'),
    nick: fc.option(fc.record({ color: fc.constantFrom(...NICK_COLORS), own: fc.boolean() }), {
      nil: undefined,
    }),
    highlight: fc.option(fc.tuple(fc.nat(20), fc.integer({ min: 1, max: 4 })), { nil: undefined }),
  })
  .map(({ style, stamp, prompt, marker, body, nick, highlight }) => {
    const raw = stamp + prompt + marker + body;
    const text = wrapRows(raw, WIDTH)[0]!.text;
    const bodyAt = stamp.length + prompt.length + marker.length;
    const open = text.indexOf('<', bodyAt);
    const close = text.indexOf('>', open);
    const rowNick =
      nick && open !== -1 && close > open + 1
        ? { start: open + 1, length: close - open - 1, color: nick.color, own: nick.own }
        : undefined;
    const matches =
      highlight && highlight[0] < text.length
        ? [{ start: highlight[0], length: Math.min(highlight[1], text.length - highlight[0]) }]
        : undefined;
    return {
      style,
      stampLength: Math.min(stamp.length, text.length),
      promptLength: Math.min(prompt.length, Math.max(0, text.length - stamp.length)),
      markerLength: Math.min(
        marker.length,
        Math.max(0, text.length - stamp.length - prompt.length),
      ),
      text,
      nick: rowNick,
      highlights: matches,
    };
  });

/** The pane drawn by OutputPane and by the reference (a <Text> per row), in that order. */
function frames(props: React.ComponentProps<typeof OutputPane>): (string | undefined)[] {
  return [<OutputPane {...props} />, <ReferencePane {...props} />].map((element) => {
    const drawn = render(element);
    const frame = drawn.lastFrame();
    drawn.unmount();
    return frame;
  });
}

describe('the output pane as one text', () => {
  // Colours on, so styles are compared too (Ink's <Text> uses the same chalk).
  withColours();
  afterAll(cleanup);

  it('looks exactly like a <Text> per row: text, colours, styles, badge', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 7 }),
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.constantFrom(' 3 new lines ↓ ', ' scrolled up · PgDn ↓ '), {
          nil: undefined,
        }),
        (rows, height, badge) => {
          const [ours, reference] = frames({ rows, width: WIDTH, height, badge });
          expect(ours).toBe(reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts a row wider than the pane with an ellipsis, as <Text wrap="truncate-end">', () => {
    const hex = (offset: number) => ({
      style: 'received' as const,
      stampLength: 0,
      markerLength: 0,
      text: `${offset.toString(16).padStart(8, '0')}  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABCDEFGHIJKLMNOP|`,
      nick: undefined,
    });
    for (const width of [10, 24, 60, 79]) {
      const rows = [hex(0), hex(16), hex(32)];
      const [ours, reference] = frames({ rows, width, height: 3, badge: undefined });
      expect(ours).toBe(reference);
      expect(ours!.split('\n')).toHaveLength(3);
    }
  });

  it('cuts the same rows again when the pane narrows (rows are styled once per width)', () => {
    const rows: PaneRow[] = [
      {
        style: 'sent',
        stampLength: 0,
        markerLength: 2,
        text: '› 0123456789abcdef',
        nick: undefined,
      },
    ];
    for (const width of [40, 10, 40, 6]) {
      const [ours, reference] = frames({ rows, width, height: 1, badge: undefined });
      expect(ours).toBe(reference);
    }
  });

  it('styles what it draws (the comparison above is not between two blank panes)', () => {
    const rows: PaneRow[] = [
      {
        style: 'received',
        stampLength: 0,
        markerLength: 0,
        text: '<ada> hi',
        nick: { start: 1, length: 3, color: 'green', own: true },
      },
    ];
    const frame = render(<OutputPane rows={rows} width={WIDTH} height={1} badge={undefined} />);
    expect(frame.lastFrame()).toContain(chalk.underline(chalk.bold(chalk.green('ada'))));
    expect(displayWidth('<ada> hi')).toBe(8);
  });
});
