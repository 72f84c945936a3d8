/** Alternate screen, home, clear; bracketed paste on (pastes arrive marked, never as keys). */
export const ENTER_FULL_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?2004h';
/** Bracketed paste off, cursor shown, back to the normal screen as it was. */
export const LEAVE_FULL_SCREEN = '\x1b[?2004l\x1b[?25h\x1b[?1049l';

export interface FullScreen {
  /** Restores the terminal; safe to call more than once, and from an `exit` handler. */
  leave(): void;
}

/**
 * Switches `stream` to the alternate screen. The normal screen comes back on `leave()` or, as
 * a last resort, when the process exits by any path that still runs `exit` handlers.
 */
export function enterFullScreen(stream: NodeJS.WriteStream): FullScreen {
  let active = true;
  // Writes to a terminal are synchronous in Node, so this lands even from an `exit` handler.
  const write = (data: string) => stream.write(data);
  const leave = () => {
    if (!active) return;
    active = false;
    process.off('exit', leave);
    try {
      write(LEAVE_FULL_SCREEN);
    } catch {
      // The terminal is gone (SIGHUP): nothing left to restore.
    }
  };
  write(ENTER_FULL_SCREEN);
  process.on('exit', leave);
  return { leave };
}
