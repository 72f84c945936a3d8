import { useCallback, useEffect, useRef, useState } from 'react';
import {
  tuiReducer,
  type TuiAction,
  type TuiEffect,
  type TuiEnv,
  type TuiState,
} from '../../src/client/state/tui-state.js';

/**
 * How long news from the server waits to be drawn after a quiet spell: what arrives meanwhile
 * is drawn with it, so a steady stream or a flood costs one frame per 33 ms (Ink may draw 60 a
 * second, for keys).
 */
export const FRAME_MS = 33;

/** When a dispatch is drawn: `now` (a key: its echo is the frame), or with the next `frame`. */
export type Commit = 'now' | 'frame';

/** Where news comes from: its reads can wait while news waits for a frame. */
export interface Reads {
  deferReads(defer: boolean): void;
}

/**
 * Holds the TUI state. Actions are applied at once to the latest state (a burst of keys in one
 * read sees each other's effect, a line is stored as it is read) and the result is committed
 * in one React update, now or with the next frame; effects run after, outside the reducer.
 * While news waits for its frame, `reads` are deferred: what the server sends meanwhile is
 * read when the frame is due, just before it is drawn, in one read instead of one per write.
 */
export function useTui(
  initial: () => TuiState,
  env: { readonly current: TuiEnv },
  runEffect: (effect: TuiEffect) => void,
  reads?: Reads,
): [TuiState, (actions: readonly TuiAction[], commit?: Commit) => void] {
  const [state, setState] = useState(initial);
  // The latest state, ahead of React's while an update is on its way.
  const store = useRef(state);
  const effects = useRef(runEffect);
  // The frame news waits for: its timer, then the turn that draws it after the last read.
  const frame = useRef<NodeJS.Timeout | undefined>(undefined);
  const drawing = useRef<NodeJS.Immediate | undefined>(undefined);
  useEffect(() => {
    effects.current = runEffect;
  });
  useEffect(
    () => () => {
      clearTimeout(frame.current);
      clearImmediate(drawing.current);
    },
    [],
  );
  const draw = useCallback(
    (next: TuiState) => {
      clearTimeout(frame.current);
      clearImmediate(drawing.current);
      frame.current = drawing.current = undefined;
      reads?.deferReads(false);
      setState(next);
    },
    [reads],
  );
  const dispatch = useCallback(
    (actions: readonly TuiAction[], commit: Commit = 'now') => {
      let next = store.current;
      const todo: TuiEffect[] = [];
      for (const action of actions) {
        const [s, e] = tuiReducer(next, action, env.current);
        next = s;
        todo.push(...e);
      }
      const changed = next !== store.current;
      store.current = next;
      if (commit === 'frame') {
        if (changed && frame.current === undefined && drawing.current === undefined) {
          reads?.deferReads(true);
          frame.current = setTimeout(() => {
            frame.current = undefined;
            if (reads === undefined) {
              draw(store.current);
              return;
            }
            // Read what waited (in this turn's poll phase, before immediates), then draw.
            reads.deferReads(false);
            drawing.current = setImmediate(() => draw(store.current));
          }, FRAME_MS);
        }
      } else if (changed || frame.current !== undefined || drawing.current !== undefined) {
        // Everything waiting for the frame is drawn with this one.
        draw(next);
      }
      for (const effect of todo) effects.current(effect);
    },
    [env, reads, draw],
  );
  return [state, dispatch];
}
