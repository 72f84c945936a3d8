import React, { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Box, useApp, useCursor, useStdout } from 'ink';
import type { Connection } from '../src/client/connection/connection-types.js';
import { visiblePrompt } from '../src/client/connection/prompt.js';
import { secretInput } from '../src/client/state/secret-input.js';
import { isEmpty } from '../src/client/state/input-editor.js';
import { createKeymap } from '../src/client/state/keymap.js';
import {
  initialTuiState,
  type TuiAction,
  type TuiEffect,
  type TuiEnv,
} from '../src/client/state/tui-state.js';
import { layoutInput } from '../src/client/view/input-view.js';
import { createPaneRenderer, type PaneSize } from '../src/client/view/pane-rows.js';
import { hexPaneRows } from '../src/client/view/hex-rows.js';
import { ByteRing } from '../src/client/state/byte-ring.js';
import { paneHeight, screenLayout } from '../src/client/view/screen-layout.js';
import { formatCount } from '../src/client/view/units.js';
import { checkExhaustive } from '../src/shared/check-exhaustive.js';
import { plural } from '../src/shared/plural.js';
import { Footer } from './Footer.js';
import { InputBox } from './InputBox.js';
import { OutputPane } from './OutputPane.js';
import { SidePanel } from './SidePanel.js';
import { useNow } from './hooks/use-now.js';
import { useConnectionFeed, type LogFeed } from './hooks/use-connection-feed.js';
import { useTerminalInput } from './hooks/use-terminal-input.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useTui } from './hooks/use-tui.js';

export interface AppProps {
  readonly connection: Connection;
  /** Lines from the embedded server and stray console output, shown as system lines. */
  readonly logs: LogFeed | undefined;
  readonly scrollback: number;
  readonly timestamps: boolean;
  /** Ring the bell when a line mentions your nick. */
  readonly bell?: boolean;
}

/** Bytes the hex view keeps: the last 4 MiB received. */
const HEX_BYTES = 4 * 1024 * 1024;

/** The whole screen: output and side panel, the input under them, key hints at the bottom. */
export function App({ connection, logs, scrollback, timestamps, bell = false }: AppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const size = useTerminalSize();
  // Ticks re-render the App, not just the panel: Ink shows the cursor only on frames whose
  // commit placed it, and the App places it (below).
  const now = useNow(true);
  const [renderer] = useState(createPaneRenderer);
  const [keymap] = useState(createKeymap);
  // The pane's size as last laid out: the reducer measures scrolling against it.
  const paneSize = useRef<PaneSize>({ width: size.columns, height: size.rows });
  const env = useRef<TuiEnv>({ measure: (content) => renderer.view(content, paneSize.current) });

  const runEffect = useCallback(
    (effect: TuiEffect) => {
      switch (effect.type) {
        case 'send':
          connection.send(effect.lines, { secret: effect.secret });
          return;
        case 'retry':
          connection.retryNow();
          return;
        case 'quit':
          exit();
          return;
        case 'bell':
          // BEL moves no cursor: safe between Ink's frames.
          stdout.write('\x07');
          return;
        default:
          checkExhaustive(effect);
      }
    },
    [connection, exit, stdout],
  );
  const [state, dispatch] = useTui(
    () => initialTuiState({ snapshot: connection.snapshot(), scrollback, timestamps, bell }),
    env,
    runEffect,
    connection,
  );

  // The bytes received, for the hex view: bounded, and outside the state (no copying per read).
  const [ring] = useState(() => new ByteRing(HEX_BYTES));
  useConnectionFeed(
    connection,
    logs,
    scrollback,
    (batch) => dispatch([{ type: 'connection', batch }], 'frame'),
    (bytes) => ring.push(bytes),
  );
  useTerminalInput((input) => {
    const actions: TuiAction[] = keymap.push(input).map((key) => ({ type: 'key', key }));
    if (actions.length > 0) dispatch(actions);
  });

  const screen = screenLayout(size.columns, size.rows);
  // A password prompt, or a telnet server that echoes itself (and so hides what you type).
  const secret = secretInput(state.prompt) || state.snapshot.telnet?.serverEcho === true;
  const input = useMemo(
    () => layoutInput(state.editor, screen.width, screen.maxInputRows, secret),
    [state.editor, screen.width, screen.maxInputRows, secret],
  );
  const outputHeight = paneHeight(screen, input.rows.length);
  // The terminal cursor at the edit point, below the input box's rule. Ink shows it only in
  // frames whose commit placed it, and the App takes part in every frame.
  const { setCursorPosition } = useCursor();
  setCursorPosition({ x: input.cursor.x, y: outputHeight + 1 + input.cursor.y });
  const pane: PaneSize = useMemo(
    () => ({ width: screen.paneWidth, height: outputHeight }),
    [screen.paneWidth, outputHeight],
  );
  useLayoutEffect(() => {
    paneSize.current = pane;
    // A telnet server that asked for the window size (NAWS) is told the output pane's.
    connection.setWindowSize({ cols: pane.width, rows: pane.height });
  }, [pane, connection]);

  const { transcript, timestamps: stamped, scroll } = state;
  const queued = state.snapshot.queued;
  const nick = state.chat.nick;
  const partial = visiblePrompt(state.prompt);
  const highlight = state.search?.query;
  const textRows = useMemo(
    () =>
      renderer.rows(
        { transcript, timestamps: stamped, queued, nick, partial, highlight },
        scroll,
        pane,
      ),
    [renderer, transcript, stamped, queued, nick, partial, highlight, scroll, pane],
  );
  // The ring changes in place: the hex rows are made afresh each frame they show.
  const rows = state.hex ? hexPaneRows(ring, state.hexScroll, pane) : textRows;
  const badge =
    scroll.mode === 'pinned'
      ? scroll.newLines > 0
        ? ` ${plural(scroll.newLines, 'new line', formatCount)} ↓ `
        : ' scrolled up · PgDn ↓ '
      : undefined;

  return (
    <Box flexDirection="column" width={screen.width} height={screen.height}>
      <Box flexDirection="row" height={outputHeight}>
        <OutputPane rows={rows} width={screen.paneWidth} height={outputHeight} badge={badge} />
        {!screen.folded && (
          <SidePanel
            snapshot={state.snapshot}
            chat={state.chat}
            width={screen.panelWidth}
            height={outputHeight}
            now={now}
          />
        )}
      </Box>
      <InputBox layout={input} width={screen.width} empty={isEmpty(state.editor)} />
      <Footer
        width={screen.width}
        notice={state.notice}
        snapshot={screen.folded ? state.snapshot : undefined}
        now={now}
        search={state.search}
      />
    </Box>
  );
}
