import { useCallback, useEffect, useRef, useState } from 'react';
import {
  tuiReducer,
  type TuiAction,
  type TuiEffect,
  type TuiEnv,
  type TuiState,
} from '../../src/client/state/tui-state.js';

/**
 * Holds the TUI state. Actions are applied at once to the latest state (a burst of keys in one
 * read sees each other's effect) and the result is committed in one React update; effects run
 * after, outside the reducer.
 */
export function useTui(
  initial: () => TuiState,
  env: { readonly current: TuiEnv },
  runEffect: (effect: TuiEffect) => void,
): [TuiState, (actions: readonly TuiAction[]) => void] {
  const [state, setState] = useState(initial);
  // The latest state, ahead of React's while an update is on its way.
  const store = useRef(state);
  const effects = useRef(runEffect);
  useEffect(() => {
    effects.current = runEffect;
  });
  const dispatch = useCallback(
    (actions: readonly TuiAction[]) => {
      let next = store.current;
      const todo: TuiEffect[] = [];
      for (const action of actions) {
        const [s, e] = tuiReducer(next, action, env.current);
        next = s;
        todo.push(...e);
      }
      if (next !== store.current) {
        store.current = next;
        setState(next);
      }
      for (const effect of todo) effects.current(effect);
    },
    [env],
  );
  return [state, dispatch];
}
