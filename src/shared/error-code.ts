/** The `code` of a Node error (`ENOENT`, `EADDRINUSE`...), or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** An expected failure carries a code: it is shown as one line, never with a stack. */
export function isCodedError(error: unknown): error is Error & { readonly code: string } {
  return error instanceof Error && errorCode(error) !== undefined;
}
