/**
 * The problems {@link parseConfig} reports, as a list, for tests that check them by name.
 *
 * @module
 */
import { ConfigError, type Mode, parseConfig } from '../../src/config.js';

/**
 * Every problem of `environment` in `mode`, or none when it parses; any error other than a
 * {@link ConfigError} is rethrown, so a crash is not mistaken for a reported problem.
 */
export function problemsOf(environment: Readonly<Record<string, string | undefined>>, mode: Mode): string[] {
  try {
    parseConfig(environment, mode);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}
