// The contract between the analysis (front ends + rules) and its callers (the
// language server, the CLI, the simulator's "what would the linter say").
// Plain data: no LSP types, no I/O.

import type { PipelineModel } from '../model/pipeline';
import type { Span } from '../model/span';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** How far a fix may be trusted: `safe` keeps the meaning (may run on save), `unsafe` changes behaviour (offered, never applied silently), `display-only` is a template with placeholders. */
export type FixSafety = 'safe' | 'unsafe' | 'display-only';

/** A Spark version as major.minor.patch, e.g. [3, 5, 0]. */
export type SparkVersion = readonly [number, number, number];

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly safety: FixSafety;
  /** Edits in the analysed file; computed lazily by callers that only list fixes. */
  readonly edits: () => readonly TextEdit[];
}

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  /** Kebab-case rule id, e.g. `jdbc-streaming-sink`. */
  readonly rule: string;
  /** Stable short code, e.g. `WP801`. */
  readonly code: string;
  readonly severity: Severity;
  /** What is wrong, why, and how to fix it: three parts, no trailing period. */
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly Fix[];
  /** The Spark version the verdict is for, when the rule depends on it. */
  readonly sparkVersion: SparkVersion | null;
}

export type Language = 'python' | 'scala' | 'build';

export interface AnalysisSettings {
  /** Target Spark version; rules that changed across versions follow it. */
  readonly sparkVersion: SparkVersion;
  /** Per-rule severity overrides by rule id or code; `off` disables the rule. */
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  /** Only these rules (ids or codes) when non-empty. */
  readonly select: readonly string[];
  /** Never these rules (ids or codes). */
  readonly ignore: readonly string[];
  /** What fixes write where the user's intent cannot be read from the code. */
  readonly fix: FixSettings;
}

export interface FixSettings {
  /** Durable root under which fixes place new checkpoint directories (`<root>/<query name>`). */
  readonly checkpointRoot: string;
  /** The delay a fix gives an inserted `withWatermark` (a Spark interval string). */
  readonly watermarkDelay: string;
}

export interface AnalysisResult {
  readonly findings: readonly Finding[];
  /** The lowered model (absent for build files). */
  readonly model: PipelineModel | null;
  /** Rules that threw while running on this input: reported once by the caller's logger, never to the user as findings. */
  readonly ruleErrors: readonly { readonly rule: string; readonly error: string }[];
}
