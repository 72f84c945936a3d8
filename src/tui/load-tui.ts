import type { ExitStatus } from '../shared/exit-status.js';
import type { TuiArgs } from './tui-session.js';
import { holdYoungGeneration } from './young-generation.js';

/**
 * Loads a module with `globalThis.fetch` hidden. Ink's layout engine (yoga-layout) fetches its
 * WebAssembly from a data: URL whenever fetch exists, which loads Node's whole HTTP client
 * (undici) for nothing: about 100 ms of start-up. Without fetch it decodes the same bytes
 * directly. Nothing else in tcpchat uses fetch.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (descriptor === undefined || !descriptor.configurable) return load();
  Object.defineProperty(globalThis, 'fetch', {
    value: undefined,
    configurable: true,
    writable: true,
  });
  try {
    return await load();
  } finally {
    Object.defineProperty(globalThis, 'fetch', descriptor);
  }
}

/**
 * Keeps the event loop alive until `loading` settles. Loading the UI awaits Yoga's WebAssembly,
 * compiled on V8's threads, and `tcpchat connect` has nothing else alive by then: the loop
 * would end, and Node would run the compile's completion, and with it the whole start of the
 * UI (first frame, raw mode, connecting), inside its drain of V8's tasks. That drain then blocks
 * until every background compile queued by the first frame is done: 40–60 ms after the first
 * frame during which no key was read. With the loop alive the completion arrives through it.
 */
export async function holdingTheLoop<T>(loading: Promise<T>): Promise<T> {
  const hold = setInterval(() => {}, 1_000_000);
  try {
    return await loading;
  } finally {
    clearInterval(hold);
  }
}

/**
 * Runs the full-screen client on the terminal until the user quits or a signal arrives;
 * resolves once the normal screen is back. The caller closes the connection.
 */
export async function runTui(args: TuiArgs): Promise<ExitStatus> {
  const { runTuiSession } = await withoutFetch(() => holdingTheLoop(import('./tui-session.js')));
  const session = runTuiSession(args);
  // The first frame is drawn by now (before the session's first await): memory can wait.
  void holdYoungGeneration();
  return session;
}
