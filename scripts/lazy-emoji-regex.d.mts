/** string-width's source with its emoji regex built on first use; throws if it cannot. */
export function lazyEmojiSource(source: string, path?: string): string;
/** The esbuild plugin applying it to the string-width at `path`. */
export function lazyEmojiRegex(path: string): { name: string; setup(build: unknown): void };
