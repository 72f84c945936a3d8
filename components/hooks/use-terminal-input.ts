import { useEffect, useRef } from 'react';
import { useStdin } from 'ink';

/**
 * Calls `handler` with each input event as Ink's input parser splits it (one escape sequence
 * per event). Unlike `useInput` this keeps the raw sequence, so Backspace and Delete differ.
 */
export function useTerminalInput(handler: (input: string) => void): void {
  const { setRawMode, isRawModeSupported, internal_eventEmitter: events } = useStdin();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    const onInput = (input: string) => latest.current(input);
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      setRawMode(false);
    };
  }, [events, isRawModeSupported, setRawMode]);
}
