// Builds the C programs (the epoll ceiling and the load generator) with the machine's `cc`
// into bench/.build/, once per source change. Without a compiler the harness runs without them.
// BENCH_CC names another compiler; BENCH_CC= (empty) acts as a machine without one.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const buildDir = `${benchDir}.build`;
const compiler = process.env.BENCH_CC ?? 'cc';

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** The C compiler's version line, or undefined when there is no `cc`. */
export function compilerVersion() {
  if (compiler === '') return undefined;
  try {
    return execFileSync(compiler, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')[0]
      .trim();
  } catch {
    return undefined;
  }
}

/**
 * Compiles bench/c/NAME.c to bench/.build/NAME; returns its path, or an error note
 * (no compiler, or the compile failed) for the table.
 */
export function buildNative(name) {
  const source = `${benchDir}c/${name}.c`;
  const binary = `${buildDir}/${name}`;
  if (compilerVersion() === undefined)
    return { note: `no C compiler (${compiler || 'cc'}) on this machine` };
  if (mtime(binary) > mtime(source)) return { path: binary };
  mkdirSync(buildDir, { recursive: true });
  try {
    // Compile beside the target and rename: a concurrent run never sees half a binary.
    const partial = `${binary}.${process.pid}.tmp`;
    execFileSync(compiler, ['-O2', '-o', partial, source], { stdio: ['ignore', 'ignore', 'pipe'] });
    renameSync(partial, binary);
    return { path: binary };
  } catch (error) {
    return {
      note: `cc failed on ${name}.c: ${
        String(error.stderr ?? error)
          .trim()
          .split('\n')[0]
      }`,
    };
  }
}
