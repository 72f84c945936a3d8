/** Closes a switch over a tagged union: adding a variant without handling it fails to compile. */
export function checkExhaustive(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
