// The lint of one file for the CLI, by path: the analysis layer's
// `analyzeFile` (build rules for build files, parse + lowering + rules for
// Python and Scala, both for setup.py), the same analysis the language server runs on
// its incrementally parsed trees. A Databricks source notebook (a `.py` or
// `.scala` file starting `# Databricks notebook source`) goes through the
// notebook analysis, with findings in the file's own coordinates and its
// `%run` targets read from disk beside it. Plus the rule and settings lookups
// the `lint` options need.

import { analyzeFile, defaultSettings, isBuildFile, parseSparkVersion } from '../analysis/analyze';
import { analyzeDatabricksSource, loadModuleParsers } from '../analysis/analyze-notebook';
import { matchesSelector } from '../analysis/run-rules';
import type { AnalysisResult, AnalysisSettings } from '../analysis/types';
import { isDatabricksSource } from '../notebooks/databricks-source';
import type { RunProblem } from '../notebooks/notebook-runs';
import { rules } from '../rules/registry';
import type { RuleDescription } from './lint-report';
import { readRunTarget } from './read-source';
import { ruleDocUrl } from './rule-doc-url';

export function isLintable(file: string): boolean {
  return /\.(?:py|scala)$/i.test(file) || isJupyter(file) || isBuildFile(file);
}

export function isJupyter(file: string): boolean {
  return /\.ipynb$/i.test(file);
}

export interface SourceLint extends AnalysisResult {
  /** A Databricks notebook's `%run` lines whose target was not followed, in the file's coordinates. */
  readonly runProblems: readonly RunProblem[];
}

export async function lintSource(file: string, text: string, settings: AnalysisSettings): Promise<SourceLint> {
  // A Databricks source notebook: its cells' code, findings in the file's own coordinates.
  if (isDatabricksSource(file, text)) {
    const notebook = analyzeDatabricksSource(text, await loadModuleParsers(), settings, { path: file }, { path: file, resolve: readRunTarget });
    if (notebook) return notebook;
  }
  return { ...(await analyzeFile(file, text, settings)), runProblems: [] };
}

/** Whether a selector (rule id, code, or code prefix such as `WP3`) names at least one rule. */
export function selectsSomeRule(selector: string): boolean {
  return rules.some((rule) => matchesSelector(rule.meta, selector));
}

export function ruleDescriptions(): RuleDescription[] {
  return rules.map(({ meta }) => ({
    id: meta.id,
    code: meta.code,
    summary: meta.summary,
    defaultSeverity: meta.severity,
    documentationUrl: ruleDocUrl(meta.id),
  }));
}

export type SettingsOutcome =
  | { readonly kind: 'settings'; readonly value: AnalysisSettings }
  | { readonly kind: 'problem'; readonly message: string };

export function settingsWith(options: {
  readonly select: readonly string[];
  readonly ignore: readonly string[];
  readonly sparkVersion: string | null;
}): SettingsOutcome {
  let sparkVersion = defaultSettings.sparkVersion;
  if (options.sparkVersion !== null) {
    const parsed = parseSparkVersion(options.sparkVersion);
    if (!parsed.value) return { kind: 'problem', message: `--spark-version: ${parsed.problems.join('; ')}` };
    sparkVersion = parsed.value;
  }
  return { kind: 'settings', value: { ...defaultSettings, sparkVersion, select: options.select, ignore: options.ignore } };
}
