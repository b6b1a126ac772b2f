// What a rule is: its contract (`meta`) and its check over one input.
//
// Two kinds of input exist: the pipeline model of a source file, and the text
// of a build file (requirements.txt, pom.xml, ...). A rule reads its input and
// reports; it never sees settings it does not need, never throws on purpose
// and never does I/O. Severity overrides, select/ignore and suppression
// comments are applied by the caller (`server/src/analysis`), not by rules.

import type { FixSafety, FixSettings, RelatedLocation, Severity, SparkVersion, Fix } from '../analysis/types';
import type { PipelineModel } from '../model/pipeline';
import type { Span } from '../model/span';
import type { ModelQuery } from './query';
import type { Spelling } from './spelling';

export interface RuleMeta {
  /** Kebab-case name of the bad pattern; also the rule's file name and doc page. */
  readonly id: string;
  /** Stable short code, never reused: `WP` + the catalog number when the catalog has one. */
  readonly code: string;
  readonly severity: Severity;
  /** One line for the index table and the hover. No trailing period. */
  readonly summary: string;
  /** The Spark versions where the pattern matters, as a reader would write it: `all`, `< 3.4`, `3.5+`. */
  readonly sparkVersions: string;
  /** The safety of the rule's fix, or null when it offers none. */
  readonly fixSafety: FixSafety | null;
  /**
   * The rule's documentation as markdown with exactly these `##` headings, in
   * this order: What it does, Why is this bad?, Example, Use instead, Fix
   * safety, References. Code blocks under Example and Use instead are run as
   * tests: each Example block raises this rule once, each Use instead block
   * raises nothing.
   */
  readonly doc: string;
}

/** What a rule hands to `report`; the engine adds rule id, code and the severity the settings give. */
export interface Report {
  readonly span: Span;
  /** What is wrong, why, and how to fix it; no trailing period. */
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
  /** A severity below the rule's default for a milder variant of the pattern; a user override still wins. */
  readonly severity?: Severity;
  /** Set by rules whose verdict depends on the target Spark version. */
  readonly sparkVersion?: SparkVersion;
}

export interface ModelRuleContext {
  readonly model: PipelineModel;
  readonly query: ModelQuery;
  /** The analysed source text (for fixes that need the exact characters). */
  readonly text: string;
  /** The file's path as the caller gave it, or null when it gave none; rules look only at its shape (test files). */
  readonly path: string | null;
  readonly sparkVersion: SparkVersion;
  /** Where fixes put new checkpoints and which watermark delay they insert (`whirlpool.fix.*`). */
  readonly fix: FixSettings;
  /** How messages spell code in the model's language (`F.window(...)` or `window(...)`). */
  readonly spelling: Spelling;
  report(report: Report): void;
}

export interface BuildRuleContext {
  /** The file's path as the caller gave it; rules look only at its base name. */
  readonly path: string;
  readonly text: string;
  readonly sparkVersion: SparkVersion;
  report(report: Report): void;
}

export type Rule =
  | { readonly kind: 'model'; readonly meta: RuleMeta; readonly check: (context: ModelRuleContext) => void }
  | { readonly kind: 'build'; readonly meta: RuleMeta; readonly check: (context: BuildRuleContext) => void };
