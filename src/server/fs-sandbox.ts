import { opendir, realpath } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { errorCode } from '../shared/error-code.js';
import { createEntryCollector, type DirEntry, type Listing } from './core/listing.js';
import { ServerError } from './core/server-error.js';

/** Read-only access to one directory tree; nothing outside it can be listed. */
export interface Sandbox {
  /** Lists `path` (relative to the root; '' is the root); refusals and failures are values. */
  list(path: string): Promise<Listing>;
}

const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * Checks a path a client asked for before touching the file system: relative, no `..`,
 * no control bytes. Returns the error message, or undefined when it may be resolved.
 */
export function refusePath(path: string): string | undefined {
  if (CONTROL.test(path)) return 'invalid path';
  if (isAbsolute(path)) return `absolute paths are not allowed: ${path}`;
  if (path.split('/').includes('..')) return `paths may not contain "..": ${path}`;
  return undefined;
}

function describeFsError(error: unknown, path: string): string {
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
      return `no such directory: ${path}`;
    case 'ENOTDIR':
      return `not a directory: ${path}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${path}`;
    case 'ELOOP':
      return `too many symbolic links: ${path}`;
    default:
      return `cannot list ${path}${code === undefined ? '' : ` (${code})`}`;
  }
}

function isInside(root: string, real: string): boolean {
  return real === root || root === sep || real.startsWith(root + sep);
}

async function list(root: string, path: string): Promise<Listing> {
  const refused = refusePath(path);
  if (refused !== undefined) return { type: 'error', message: refused };
  const shown = path === '' ? '.' : path;
  let real: string;
  try {
    // realpath resolves every symlink on the way, so a link pointing out is caught below.
    real = await realpath(join(root, path));
  } catch (error) {
    return { type: 'error', message: describeFsError(error, shown) };
  }
  if (!isInside(root, real)) return { type: 'error', message: `outside the root: ${shown}` };
  const collector = createEntryCollector();
  try {
    // opendir streams entries, so a huge directory costs O(cap) memory, not O(entries).
    for await (const dirent of await opendir(real)) {
      const kind: DirEntry['kind'] = dirent.isDirectory()
        ? 'directory'
        : dirent.isSymbolicLink()
          ? 'symlink'
          : 'other';
      collector.add({ name: dirent.name, kind });
    }
  } catch (error) {
    return { type: 'error', message: describeFsError(error, shown) };
  }
  return collector.result();
}

/** Opens `root` as a sandbox; rejects with a ServerError if it is not a readable directory. */
export async function openSandbox(root: string): Promise<Sandbox> {
  let real: string;
  try {
    real = await realpath(root);
    // Opening it proves it is a directory we may read, with the same errors `ls` would hit.
    await (await opendir(real)).close();
  } catch (error) {
    const code = errorCode(error);
    const why =
      code === 'ENOENT'
        ? 'no such directory'
        : code === 'ENOTDIR'
          ? 'not a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : String((error as Error).message);
    throw new ServerError(code ?? 'EROOT', `root ${root}: ${why}`);
  }
  return { list: (path) => list(real, path) };
}
