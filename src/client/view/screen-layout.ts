/** Where everything goes on a terminal of a given size. */

/** Width of the side panel, its border included. */
export const PANEL_WIDTH = 28;
/** Below this many columns the side panel folds away and the status goes to the footer. */
export const FOLD_BELOW = 70;

export interface ScreenLayout {
  /** Rows Ink draws: one less than the terminal, so a frame never scrolls the screen. */
  readonly height: number;
  readonly width: number;
  readonly folded: boolean;
  readonly panelWidth: number;
  readonly paneWidth: number;
  /** Most rows the input may take. */
  readonly maxInputRows: number;
}

/** The layout for a terminal `columns` wide and `rows` high. */
export function screenLayout(columns: number, rows: number): ScreenLayout {
  const width = Math.max(10, columns);
  const height = Math.max(4, rows - 1);
  const folded = width < FOLD_BELOW;
  const panelWidth = folded ? 0 : PANEL_WIDTH;
  return {
    height,
    width,
    folded,
    panelWidth,
    paneWidth: width - panelWidth,
    maxInputRows: Math.max(1, Math.min(10, Math.floor(height / 3))),
  };
}

/** Rows left for the output pane above an input of `inputRows` rows, its rule and the footer. */
export function paneHeight(layout: ScreenLayout, inputRows: number): number {
  return Math.max(1, layout.height - inputRows - 2);
}
