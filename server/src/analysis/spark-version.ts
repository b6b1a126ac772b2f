// Spark versions: parsing what a user types in a setting, comparing, printing.

import type { SparkVersion } from './types';

export interface ParsedSparkVersion {
  readonly value: SparkVersion | null;
  readonly problems: readonly string[];
}

/**
 * Parses `3.5`, `3.5.1`, `v4.0.0`, `4` or `3.5.0-SNAPSHOT`-style text into
 * [major, minor, patch]; missing parts are 0. Bad text yields `value: null`
 * and a message saying what was expected.
 */
export function parseSparkVersion(text: string): ParsedSparkVersion {
  const match = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]*)?\s*$/.exec(text);
  if (!match) {
    return {
      value: null,
      problems: [`"${text}" is not a Spark version: expected major.minor or major.minor.patch, e.g. 3.5 or 4.0.0`],
    };
  }
  const major = Number(match[1]);
  const minor = Number(match[2] ?? '0');
  const patch = Number(match[3] ?? '0');
  return { value: [major, minor, patch], problems: [] };
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareSparkVersions(a: SparkVersion, b: SparkVersion): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** True when `version` is `major.minor[.patch]` or newer. */
export function isAtLeast(version: SparkVersion, major: number, minor: number, patch = 0): boolean {
  return compareSparkVersions(version, [major, minor, patch]) >= 0;
}

export function formatSparkVersion(version: SparkVersion): string {
  return `${version[0]}.${version[1]}.${version[2]}`;
}
