/** Round-trip bookkeeping: time from a send to the first line received after it. */
export interface RttState {
  /** When the oldest unanswered send went out (ms), if one is waiting. */
  readonly pendingSince: number | undefined;
  readonly last: number | undefined;
  readonly samples: number;
  readonly totalMs: number;
}

export const initialRtt: RttState = {
  pendingSince: undefined,
  last: undefined,
  samples: 0,
  totalMs: 0,
};

/** Notes a send at `at`; an earlier unanswered send keeps its start (the reply answers it first). */
export function rttSent(state: RttState, at: number): RttState {
  return state.pendingSince === undefined ? { ...state, pendingSince: at } : state;
}

/** Notes received lines at `at`, closing the pending exchange if there is one. */
export function rttReceived(state: RttState, at: number): RttState {
  if (state.pendingSince === undefined) return state;
  const sample = Math.max(0, at - state.pendingSince);
  return {
    pendingSince: undefined,
    last: sample,
    samples: state.samples + 1,
    totalMs: state.totalMs + sample,
  };
}

/** Forgets an unanswered send (the connection dropped: no reply will come on it). */
export function rttAbandoned(state: RttState): RttState {
  return state.pendingSince === undefined ? state : { ...state, pendingSince: undefined };
}

/** Mean of all samples so far, in ms. */
export function rttAverage(state: RttState): number | undefined {
  return state.samples === 0 ? undefined : state.totalMs / state.samples;
}
