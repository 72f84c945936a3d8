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

/**
 * Holds the TUI state. Actions are applied at once to the latest state (a burst of keys in one
 * read sees each other's effect, a line is stored as it is read) and the result is committed
 * in one React update, now or with the next frame; effects run after, outside the reducer.
 */
export function useTui(
  initial: () => TuiState,
  env: { readonly current: TuiEnv },
  runEffect: (effect: TuiEffect) => void,
): [TuiState, (actions: readonly TuiAction[], commit?: Commit) => void] {
  const [state, setState] = useState(initial);
  // The latest state, ahead of React's while an update is on its way.
  const store = useRef(state);
  const effects = useRef(runEffect);
  const frame = useRef<NodeJS.Timeout | undefined>(undefined);
  useEffect(() => {
    effects.current = runEffect;
  });
  useEffect(() => () => clearTimeout(frame.current), []);
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
        if (changed) {
          frame.current ??= setTimeout(() => {
            frame.current = undefined;
            setState(store.current);
          }, FRAME_MS);
        }
      } else if (changed || frame.current !== undefined) {
        // Everything waiting for the frame is drawn with this one.
        clearTimeout(frame.current);
        frame.current = undefined;
        setState(next);
      }
      for (const effect of todo) effects.current(effect);
    },
    [env],
  );
  return [state, dispatch];
}
