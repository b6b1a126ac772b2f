// The analysis entry points: source text (or an already parsed tree) in,
// findings out. Callers are the language server, the CLI and the tests.
//
// Each entry point lowers the input, runs the enabled rules, applies
// suppression comments and returns. None throws on user code: a rule that
// throws is recorded in `ruleErrors` and the others still run; a front end
// that fails returns a partial model with problems.

import type { SyntaxNode } from '../syntax/tree-sitter';
import { createParser, type Parser } from '../syntax/tree-sitter';
import { lowerPython } from '../python/lower';
import type { StatementCache } from '../python/statement-cache';
import { lowerScala } from '../scala/lower';
import { scalaFixesOnly } from '../scala/fix-check';
import { withFileLineEndings } from '../fixes/line-endings';
import { scalaParseText } from '../scala/read-tree';
import type { PipelineModel } from '../model/pipeline';
import { rules as registeredRules } from '../rules/registry';
import type { Rule } from '../rules/rule';
import { runBuildRules, runModelRules } from './run-rules';
import { buildFileSuppressions, pythonSuppressions, scalaSuppressions } from './suppression';
import type { AnalysisResult, AnalysisSettings, Finding } from './types';
import { unusedSuppressionFindings } from './unused-suppressions';

export { parseSparkVersion } from './spark-version';

/**
 * Settings when the user gives none. The target Spark version is 4.0.0: the
 * newest release line whose streaming checker the rule catalog was checked
 * against. Rules that changed across versions (chained aggregations in 3.4,
 * the window-function error class in 3.5) give the 4.0 verdict unless the
 * user sets an older version.
 */
export const defaultSettings: AnalysisSettings = {
  sparkVersion: [4, 0, 0],
  severity: {},
  select: [],
  ignore: [],
  // A root on the cluster's default file system (HDFS); users on object stores set whirlpool.fix.checkpointRoot.
  fix: { checkpointRoot: '/checkpoints', watermarkDelay: '10 minutes' },
};

export interface AnalyzeOptions {
  /** The file's path, for messages; analysis never reads it. */
  readonly path?: string;
  /** The rules to run; the registry when absent (tests pass their own). */
  readonly rules?: readonly Rule[];
  /** The language server's per-document memory of read statements, so a re-lint reads only what changed. */
  readonly statementCache?: StatementCache;
}

/**
 * Analyses a PySpark file from its tree-sitter tree (the language server
 * reuses its incrementally parsed tree). Synchronous.
 */
export function analyzePython(root: SyntaxNode, text: string, settings: AnalysisSettings, options: AnalyzeOptions = {}): AnalysisResult {
  const model = lowerPython(root, text, options.statementCache ?? null);
  return analyzeModel(model, text, settings, pythonSuppressions(root, text), options.rules ?? registeredRules, options.path ?? null);
}

/**
 * Analyses a Scala Spark file from its tree-sitter tree: the same rules on the
 * same model as PySpark. Synchronous. Parse `scalaParseText(text)` for the
 * tree, so that `$"c"` columns read as columns. Fixes that do not write
 * valid Scala are dropped (`scalaFixesOnly`).
 */
export function analyzeScala(root: SyntaxNode, text: string, settings: AnalysisSettings, options: AnalyzeOptions = {}): AnalysisResult {
  const model = lowerScala(root, text);
  const result = analyzeModel(model, text, settings, scalaSuppressions(root, text), options.rules ?? registeredRules, options.path ?? null);
  return { ...result, findings: scalaFixesOnly(result.findings, root, text) };
}

/** The base names of the build files the build rules read. */
export function isBuildFile(path: string): boolean {
  const name = baseName(path);
  return (
    /^requirements.*\.txt$/i.test(name) ||
    name === 'pyproject.toml' ||
    name === 'setup.py' ||
    name === 'setup.cfg' ||
    /^environment(\.[\w-]+)?\.ya?ml$/i.test(name) ||
    name === 'pom.xml' ||
    name === 'build.sbt'
  );
}

/** Analyses a build file: the rules that read dependency pins. */
export function analyzeBuildFile(path: string, text: string, settings: AnalysisSettings, options: Omit<AnalyzeOptions, 'path'> = {}): AnalysisResult {
  const run = runBuildRules(path, text, settings, options.rules ?? registeredRules);
  const suppressions = buildFileSuppressions(text);
  return {
    findings: run.findings.filter((finding) => !suppressions.isSuppressed(finding)),
    model: null,
    ruleErrors: run.ruleErrors,
  };
}

/**
 * Analyses any file by its path: build files by the build rules, `.py` files
 * by parsing and `analyzePython` (a `setup.py` gets both), `.scala` files by
 * `analyzeScala`. Other files give an
 * empty result. The grammar loads once per process.
 */
export async function analyzeFile(path: string, text: string, settings: AnalysisSettings, options: Omit<AnalyzeOptions, 'path'> = {}): Promise<AnalysisResult> {
  const build = isBuildFile(path) ? analyzeBuildFile(path, text, settings, options) : null;
  if (/\.scala$/i.test(path)) return analyzeScalaText(path, text, settings, options);
  if (!/\.py$/i.test(path)) return build ?? { findings: [], model: null, ruleErrors: [] };
  pythonParser ??= createParser('python');
  const tree = (await pythonParser).parse(text);
  if (!tree) {
    return build ?? { findings: [], model: null, ruleErrors: [{ rule: 'parse', error: 'tree-sitter returned no tree' }] };
  }
  try {
    const python = analyzePython(tree.rootNode, text, settings, { ...options, path });
    if (!build) return python;
    return {
      findings: [...build.findings, ...python.findings].sort((a, b) => a.span.start - b.span.start),
      model: python.model,
      ruleErrors: [...build.ruleErrors, ...python.ruleErrors],
    };
  } finally {
    tree.delete();
  }
}

let pythonParser: Promise<Parser> | null = null;
let scalaParser: Promise<Parser> | null = null;

async function analyzeScalaText(path: string, text: string, settings: AnalysisSettings, options: Omit<AnalyzeOptions, 'path'>): Promise<AnalysisResult> {
  scalaParser ??= createParser('scala');
  const tree = (await scalaParser).parse(scalaParseText(text));
  if (!tree) return { findings: [], model: null, ruleErrors: [{ rule: 'parse', error: 'tree-sitter returned no tree' }] };
  try {
    return analyzeScala(tree.rootNode, text, settings, { ...options, path });
  } finally {
    tree.delete();
  }
}

function analyzeModel(
  model: PipelineModel,
  text: string,
  settings: AnalysisSettings,
  suppressions: ReturnType<typeof pythonSuppressions>,
  rules: readonly Rule[],
  path: string | null,
): AnalysisResult {
  const run = runModelRules(model, text, settings, rules, path);
  const findings = run.findings.filter((finding) => !suppressions.isSuppressed(finding));
  // Last: only now is it known what each suppression comment silenced. A setup.py's comments may serve its build rules, run apart.
  const disabledFindings = (disabled: readonly Rule[]): readonly Finding[] =>
    runModelRules(model, text, { ...settings, select: [], ignore: [], severity: {} }, disabled, path).findings;
  const unused = path !== null && isBuildFile(path) ? [] : unusedSuppressionFindings(suppressions, text, rules, settings, disabledFindings);
  const all = unused.length === 0 ? findings : [...findings, ...unused].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  return {
    findings: withFileLineEndings(all, text),
    model,
    ruleErrors: run.ruleErrors,
  };
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}
