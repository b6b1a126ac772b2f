// The client's side of the `whirlpool/status` protocol. The server declares
// the same shape in server/src/lsp/status.ts; the two are kept apart on
// purpose (the client never imports the server) and a test reads both.

/** Request (no params) answered with the current ServerStatus. */
export const statusRequest = 'whirlpool/status';
/** Notification the server sends whenever the status changes. */
export const statusNotification = 'whirlpool/statusChanged';

export interface ServerStatus {
  /** True while the server is linting. */
  readonly busy: boolean;
  /** Rules that run with the effective settings (severity `off` excluded). */
  readonly ruleCount: number;
  /** The last finished lint; null before the first one. */
  readonly lastLint: LintRecord | null;
  /** The target Spark version the rules judge against, e.g. "3.5.0". */
  readonly sparkVersion: string;
  readonly enabled: boolean;
  /** Settings the server could not use, each with the default it kept instead. */
  readonly settingsProblems: readonly string[];
}

export interface LintRecord {
  readonly uri: string;
  /** ISO 8601 time the lint finished. */
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly findingCount: number;
}

/** Narrows an untyped payload from the wire; null when it is not a ServerStatus. */
export function parseServerStatus(value: unknown): ServerStatus | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record['busy'] !== 'boolean' || typeof record['ruleCount'] !== 'number') return null;
  if (typeof record['sparkVersion'] !== 'string' || typeof record['enabled'] !== 'boolean') return null;
  const problems = Array.isArray(record['settingsProblems'])
    ? record['settingsProblems'].filter((item): item is string => typeof item === 'string')
    : [];
  return {
    busy: record['busy'],
    ruleCount: record['ruleCount'],
    lastLint: parseLintRecord(record['lastLint']),
    sparkVersion: record['sparkVersion'],
    enabled: record['enabled'],
    settingsProblems: problems,
  };
}

function parseLintRecord(value: unknown): LintRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const { uri, finishedAt, durationMs, findingCount } = record;
  if (typeof uri !== 'string' || typeof finishedAt !== 'string') return null;
  if (typeof durationMs !== 'number' || typeof findingCount !== 'number') return null;
  return { uri, finishedAt, durationMs, findingCount };
}
