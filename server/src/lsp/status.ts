// The `whirlpool/status` protocol: what the server is doing and with which
// settings, for the editor's status item and "show effective settings". The
// client declares the same shape in client/src/server/status-protocol.ts (it
// never imports the server); a test checks that the two agree.

/** Request (no params) answered with the current ServerStatus. */
export const statusRequest = 'whirlpool/status';
/** Notification sent whenever the status changes. */
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
