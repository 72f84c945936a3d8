/**
 * A server's unfinished last line (a prompt: `login: `, `>>> `, `Password: `) as the client
 * shows it: live, growing in place, and, once you answer it, on one row with your answer, as a
 * terminal would show it. Pure: the TUI, the transcript log and piped mode each keep one.
 */
export interface PromptState {
  /** The unfinished line as the server has sent it so far. */
  readonly partial: string;
  /** How much of `partial` went out with an answer (shown with it, not again). */
  readonly answered: number;
}

export const noPrompt: PromptState = { partial: '', answered: 0 };

/** What of the unfinished line is still to show: its text after the answered part. */
export function visiblePrompt(state: PromptState): string {
  return state.partial.slice(state.answered);
}

/**
 * Takes in complete lines and the unfinished line after them. The first line completes the
 * unfinished one: the part already shown with an answer is dropped from it (and the line with
 * it, if nothing else is left). Returns the lines to show as lines, and the new state.
 */
export function promptReceived(
  state: PromptState,
  lines: readonly string[],
  partial: string,
): { readonly state: PromptState; readonly lines: readonly string[] } {
  if (lines.length === 0) {
    // Still the same line, grown (or the same): the answered part stays answered.
    const answered = partial.startsWith(state.partial.slice(0, state.answered))
      ? state.answered
      : 0;
    return { state: { partial, answered }, lines };
  }
  let out = lines;
  if (state.answered > 0) {
    const done = state.partial.slice(0, state.answered);
    const first = lines[0]!;
    if (first.startsWith(done)) {
      const rest = first.slice(done.length);
      out = rest === '' ? lines.slice(1) : [rest, ...lines.slice(1)];
    }
  }
  return { state: { partial, answered: 0 }, lines: out };
}

/**
 * You sent something: the prompt showing now is answered. Returns it (to show before what you
 * sent, on the same row; `''` when none) and the new state.
 */
export function promptAnswered(state: PromptState): {
  readonly state: PromptState;
  readonly prompt: string;
} {
  const prompt = visiblePrompt(state);
  return { state: { partial: state.partial, answered: state.partial.length }, prompt };
}
