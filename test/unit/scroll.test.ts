import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type ScrollAction,
  type ScrollState,
  type ScrollView,
  initialScrollState,
  noteAppended,
  scrollReducer,
  topRow,
  visibleRows,
} from '../../src/client/state/scroll.js';

/** A view over entries firstSeq.. with the given wrapped row counts. */
function view(rows: number[], height: number, firstSeq = 0): ScrollView {
  return {
    firstSeq,
    endSeq: firstSeq + rows.length,
    height,
    rowsOf: (seq) => rows[seq - firstSeq]!,
  };
}

function apply(v: ScrollView, ...actions: ScrollAction['type'][]): ScrollState {
  return actions.reduce<ScrollState>(
    (s, type) => scrollReducer(s, { type } as ScrollAction, v),
    initialScrollState,
  );
}

const shown = (s: ScrollState, v: ScrollView) =>
  visibleRows(s, v).map(({ seq, row }) => `${seq}.${row}`);

describe('scroll', () => {
  const ten = view(Array<number>(10).fill(1), 4);

  it('follows the bottom by default', () => {
    expect(shown(initialScrollState, ten)).toEqual(['6.0', '7.0', '8.0', '9.0']);
  });

  it('shows everything from the top when it fits', () => {
    const v = view([1, 2], 5);
    expect(shown(initialScrollState, v)).toEqual(['0.0', '1.0', '1.1']);
    expect(apply(v, 'page-up')).toEqual(initialScrollState);
    expect(apply(v, 'top')).toEqual(initialScrollState);
  });

  it('pages up by a screen less one row of context, and back down to following', () => {
    const up = apply(ten, 'page-up');
    expect(shown(up, ten)).toEqual(['3.0', '4.0', '5.0', '6.0']);
    expect(shown(apply(ten, 'page-up', 'page-up'), ten)).toEqual(['0.0', '1.0', '2.0', '3.0']);
    expect(apply(ten, 'page-up', 'page-up', 'page-up')).toEqual(apply(ten, 'page-up', 'page-up'));
    expect(apply(ten, 'page-up', 'page-down')).toEqual(initialScrollState);
  });

  it('moves through the rows of wrapped entries', () => {
    const v = view([3, 1, 4], 2);
    expect(shown(initialScrollState, v)).toEqual(['2.2', '2.3']);
    expect(shown(apply(v, 'line-up'), v)).toEqual(['2.1', '2.2']);
    expect(shown(apply(v, 'page-up', 'page-up', 'page-up'), v)).toEqual(['1.0', '2.0']);
    expect(shown(apply(v, 'top'), v)).toEqual(['0.0', '0.1']);
    expect(shown(apply(v, 'top', 'line-down'), v)).toEqual(['0.1', '0.2']);
    expect(apply(v, 'top', 'bottom')).toEqual(initialScrollState);
  });

  it('stays put while lines arrive and counts them for the badge', () => {
    let s = apply(ten, 'page-up');
    s = noteAppended(s, 3);
    const grown = view(Array<number>(13).fill(1), 4);
    s = noteAppended(s, 2);
    expect(s).toMatchObject({ mode: 'pinned', newLines: 5 });
    expect(shown(s, grown)).toEqual(['3.0', '4.0', '5.0', '6.0']);
    expect(noteAppended(initialScrollState, 9)).toBe(initialScrollState);
  });

  it('keeps the count while paging and clears it at the bottom', () => {
    let s = noteAppended(apply(ten, 'page-up', 'page-up'), 4);
    s = scrollReducer(s, { type: 'page-down' }, ten);
    expect(s).toMatchObject({ mode: 'pinned', newLines: 4 });
    expect(scrollReducer(s, { type: 'bottom' }, ten)).toEqual(initialScrollState);
  });

  it('a pinned top whose entry was dropped moves to the oldest kept entry', () => {
    const s = apply(ten, 'top');
    const trimmed = view(Array<number>(10).fill(1), 4, 5);
    expect(topRow(s, trimmed)).toEqual({ seq: 5, row: 0 });
  });

  it('a pinned row past a narrower entry is clamped after a resize', () => {
    const wide = view([5, 1, 1, 1, 1, 1], 2);
    const s = apply(wide, 'top', 'line-down', 'line-down', 'line-down');
    expect(topRow(s, wide)).toEqual({ seq: 0, row: 3 });
    const narrow = view([2, 1, 1, 1, 1, 1], 2);
    expect(topRow(s, narrow)).toEqual({ seq: 0, row: 1 });
  });

  it('measures only about a screenful of entries, however long the scrollback', () => {
    let calls = 0;
    const huge: ScrollView = {
      firstSeq: 0,
      endSeq: 1_000_000,
      height: 30,
      rowsOf: () => {
        calls++;
        return 1;
      },
    };
    let s = initialScrollState;
    for (const type of ['page-up', 'page-up', 'line-down', 'page-down'] as const) {
      s = scrollReducer(s, { type }, huge);
    }
    visibleRows(s, huge);
    visibleRows(initialScrollState, huge);
    expect(calls).toBeLessThan(30 * 20);
  });

  it('property: always a full screen when there is enough content, rows in order', () => {
    const actions = fc.array(
      fc.constantFrom<ScrollAction['type']>(
        'page-up',
        'page-down',
        'line-up',
        'line-down',
        'top',
        'bottom',
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        actions,
        (rows, height, acts) => {
          const v = view(rows, height);
          const s = apply(v, ...acts);
          const total = rows.reduce((a, b) => a + b, 0);
          const seen = visibleRows(s, v);
          expect(seen.length).toBe(Math.min(height, total));
          for (let i = 1; i < seen.length; i++) {
            const [a, b] = [seen[i - 1]!, seen[i]!];
            expect(b.seq > a.seq ? b.row === 0 && b.seq === a.seq + 1 : b.row === a.row + 1).toBe(
              true,
            );
          }
          if (s.mode === 'follow' && total > 0) {
            const last = seen[seen.length - 1]!;
            expect([last.seq, last.row]).toEqual([rows.length - 1, rows[rows.length - 1]! - 1]);
          }
        },
      ),
    );
  });
});
