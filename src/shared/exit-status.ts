/** How a command wants the process to end; only src/cli.ts acts on it. */
export interface ExitStatus {
  readonly code: number;
  /**
   * `drain`: exit once the event loop is empty (output may still be flushing to a pipe).
   * `force`: exit after a short grace even if something still holds the loop (sockets
   * lingering after a shutdown, the aftermath of an internal error).
   * `hangup`: end by re-raising SIGHUP, as a program whose terminal went away should.
   */
  readonly end: 'drain' | 'force' | 'hangup';
}
