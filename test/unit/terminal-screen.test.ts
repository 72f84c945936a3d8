import { describe, expect, it } from 'vitest';
import {
  ENTER_FULL_SCREEN,
  LEAVE_FULL_SCREEN,
  enterFullScreen,
} from '../../src/tui/terminal-screen.js';

function stream() {
  const written: string[] = [];
  return {
    written,
    stream: { write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WriteStream,
  };
}

describe('full screen', () => {
  it('enters the alternate screen with bracketed paste, and leaves it exactly once', () => {
    const { written, stream: out } = stream();
    const before = process.listenerCount('exit');
    const screen = enterFullScreen(out);
    expect(written).toEqual([ENTER_FULL_SCREEN]);
    expect(ENTER_FULL_SCREEN).toContain('\x1b[?1049h');
    expect(ENTER_FULL_SCREEN).toContain('\x1b[?2004h');
    // A last-resort restore is registered for process exit...
    expect(process.listenerCount('exit')).toBe(before + 1);
    screen.leave();
    screen.leave();
    expect(written).toEqual([ENTER_FULL_SCREEN, LEAVE_FULL_SCREEN]);
    // ...and removed once the screen is restored.
    expect(process.listenerCount('exit')).toBe(before);
    expect(LEAVE_FULL_SCREEN).toContain('\x1b[?1049l');
    expect(LEAVE_FULL_SCREEN).toContain('\x1b[?25h');
    expect(LEAVE_FULL_SCREEN).toContain('\x1b[?2004l');
  });

  it('restores the screen from the exit handler if nothing else did', () => {
    const { written, stream: out } = stream();
    const before = process.listeners('exit');
    enterFullScreen(out);
    const added = process.listeners('exit').find((l) => !before.includes(l))!;
    added.call(process, 0);
    expect(written).toEqual([ENTER_FULL_SCREEN, LEAVE_FULL_SCREEN]);
    expect(process.listeners('exit')).not.toContain(added);
  });

  it('a terminal that is gone does not make leaving throw', () => {
    let calls = 0;
    const broken = {
      write: () => {
        if (calls++ > 0) throw new Error('EIO');
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    const screen = enterFullScreen(broken);
    expect(() => screen.leave()).not.toThrow();
  });
});
