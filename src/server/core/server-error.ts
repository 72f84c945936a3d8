/** An expected failure of the server (port in use, bad root): `code` says which, `message` is one line. */
export class ServerError extends Error {
  override readonly name = 'ServerError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
