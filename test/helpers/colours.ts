import chalk from 'chalk';
import { afterAll, beforeAll } from 'vitest';

/**
 * Turns chalk's colours on for the enclosing `describe` (they are off without a terminal), so
 * that frames compared there differ in colour when they should; puts the level back after.
 */
export function withColours(): void {
  let level: typeof chalk.level;
  beforeAll(() => {
    level = chalk.level;
    chalk.level = 3;
  });
  afterAll(() => {
    chalk.level = level;
  });
}
