// Lints one open document through the incremental path: the store's tree
// (edited and reparsed incrementally), the shared analysis, then LSP
// diagnostics. The server and the re-lint benchmark both call this.

import type { Diagnostic } from 'vscode-languageserver/node';
import {
  analyzeBuildFile,
  analyzePython,
  analyzeScala,
  defaultSettings,
  isBuildFile,
  parseSparkVersion,
} from '../analysis/analyze';
import { analyzeDatabricksSource, type ModuleParsers } from '../analysis/analyze-notebook';
import { isRuleEnabled } from '../analysis/run-rules';
import { withVersionSource } from '../cli/nearest-build-files';
import type { AnalysisResult, AnalysisSettings } from '../analysis/types';
import { LineIndex } from '../model/span';
import { isDatabricksSource } from '../notebooks/databricks-source';
import type { RunResolver } from '../notebooks/notebook-runs';
import type { VirtualModule } from '../notebooks/virtual-module';
import { ruleDocUrl } from '../cli/rule-doc-url';
import { rules } from '../rules/registry';
import { toDiagnostics } from './diagnostics';
import { isScalaDocument, type DocumentStore } from './document-store';
import { documentPath } from './document-uri';
import { runProblemDiagnostics } from './notebook-runs';
import type { SettingsContext } from './settings';

export interface DocumentLint {
  readonly version: number;
  /** null when the document is neither Python, Scala nor a build file. */
  readonly result: AnalysisResult | null;
  readonly diagnostics: Diagnostic[];
  /** A Databricks source notebook's module, whose offsets the model's spans are (they are the document's elsewhere). */
  readonly module: VirtualModule | null;
  /** The paths its `%run` lines read or looked for. */
  readonly runDependencies: readonly string[];
}

/**
 * `versionNote` ("Spark 3.3.2, from requirements.txt (pyspark==3.3.2)") is
 * appended to the message of each version-dependent finding. With
 * `notebookParsers`, a Databricks source notebook is linted as one, and with
 * `runs` its `%run` targets are read through that resolver.
 */
export function lintOpenDocument(store: DocumentStore, uri: string, settings: AnalysisSettings, versionNote?: string, notebookParsers?: ModuleParsers, runs?: RunResolver): DocumentLint | null {
  const document = store.get(uri);
  if (!document) return null;
  const path = documentPath(uri);
  const results: AnalysisResult[] = [];
  const runContext = runs && uri.startsWith('file:') ? { path, resolve: runs } : null;
  const databricks = notebookParsers && isDatabricksSource(path, document.text) ? analyzeDatabricksSource(document.text, notebookParsers, settings, { path }, runContext) : null;
  if (isBuildFile(path)) results.push(analyzeBuildFile(path, document.text, settings));
  // A Databricks source notebook: its cells' code, parsed afresh (not incrementally), findings in the file's coordinates.
  if (databricks) {
    results.push(databricks);
  } else if (isPython(document.languageId, path)) {
    const tree = store.syntaxTree(uri);
    const statementCache = store.statementCache(uri);
    if (tree) results.push(analyzePython(tree.rootNode, document.text, settings, statementCache ? { path, statementCache } : { path }));
  } else if (isScalaDocument(document.languageId, path)) {
    const tree = store.syntaxTree(uri);
    if (tree) results.push(analyzeScala(tree.rootNode, document.text, settings, { path }));
  }
  const merged = merge(results);
  const result = merged && versionNote !== undefined ? { ...merged, findings: merged.findings.map((finding) => withVersionSource(finding, versionNote)) } : merged;
  const index = new LineIndex(document.text);
  const diagnostics = result ? toDiagnostics(result.findings, uri, index, ruleDocUrl) : [];
  if (databricks) diagnostics.push(...runProblemDiagnostics(databricks.runProblems, index));
  return { version: document.version, result, diagnostics, module: databricks?.module ?? null, runDependencies: databricks?.runDependencies ?? [] };
}

/** A setup.py is both a build file and Python: one result with both sets of findings. */
function merge(results: readonly AnalysisResult[]): AnalysisResult | null {
  const [first, second] = results;
  if (!first) return null;
  if (!second) return first;
  return {
    findings: [...first.findings, ...second.findings].sort((a, b) => a.span.start - b.span.start),
    model: first.model ?? second.model,
    ruleErrors: [...first.ruleErrors, ...second.ruleErrors],
  };
}

function isPython(languageId: string, path: string): boolean {
  return languageId === 'python' || /\.pyi?$/i.test(path);
}

export const settingsContext: SettingsContext = {
  defaults: defaultSettings,
  parseSparkVersion: (text) => parseSparkVersion(text).value,
  // Severity overrides name one rule (id or code); prefixes select, they do not override.
  isKnownRule: (idOrCode) => {
    const wanted = idOrCode.toLowerCase();
    return rules.some((rule) => rule.meta.id.toLowerCase() === wanted || rule.meta.code.toLowerCase() === wanted);
  },
};

/** How many rules run with these settings: selected, not ignored, not turned off. */
export function activeRuleCount(settings: AnalysisSettings): number {
  return rules.filter((rule) => isRuleEnabled(rule.meta, settings)).length;
}
