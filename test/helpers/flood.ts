import { once } from 'node:events';
import type net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export interface FloodOptions {
  /** Lines per write. */
  readonly batch?: number;
  /** Pause between writes, so a flood lasts long enough to type into. */
  readonly pauseMs?: number;
  /** Called after each write with the number of lines written so far. */
  readonly progress?: (written: number) => void;
}

/**
 * Writes `count` lines made by `line(i)` to `socket`, `batch` at a time, waiting for the
 * socket to drain when its buffer is full. Resolves with the lines written (fewer if the
 * socket closed first).
 */
export async function floodLines(
  socket: net.Socket,
  count: number,
  line: (i: number) => string,
  { batch = 2000, pauseMs = 0, progress }: FloodOptions = {},
): Promise<number> {
  let written = 0;
  while (written < count && !socket.destroyed) {
    const n = Math.min(batch, count - written);
    let text = '';
    for (let i = 0; i < n; i++) text += `${line(written + i)}\n`;
    const full = !socket.write(text);
    written += n;
    progress?.(written);
    if (full) await Promise.race([once(socket, 'drain'), once(socket, 'close')]);
    if (pauseMs > 0) await delay(pauseMs);
  }
  return written;
}
