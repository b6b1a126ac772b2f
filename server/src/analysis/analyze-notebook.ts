// Notebook analysis: each language's virtual module (`server/src/notebooks`)
// runs through the same entry point as a file of that language, then its
// findings move into the coordinates of where the code came from (the
// Databricks source file, or one Jupyter cell).
//
// A finding whose start maps nowhere (it cannot happen for spans the front end
// made, but a rule may point at text the module added) is dropped. A fix is
// kept only when every edit lands inside one editable stretch of one part:
// an edit over two cells, or inside a `# MAGIC ` line, has no faithful place
// in the notebook.

import { createParser, type Parser } from '../syntax/tree-sitter';
import { databricksRuns, splitDatabricksSource } from '../notebooks/databricks-source';
import { jupyterModule, jupyterRuns, notebookLanguage, type NotebookCellText } from '../notebooks/jupyter';
import { expandRuns, type RunContext, type RunProblem } from '../notebooks/notebook-runs';
import { toEditablePartSpan, toPartSpan, type NotebookLanguage, type VirtualModule } from '../notebooks/virtual-module';
import { scalaParseText } from '../scala/read-tree';
import { analyzePython, analyzeScala, type AnalyzeOptions } from './analyze';
import type { AnalysisResult, AnalysisSettings, Finding, Fix, TextEdit } from './types';

/** The parsers the modules need; a language without one is skipped (no findings, no problem). */
export type ModuleParsers = Readonly<Record<NotebookLanguage, Parser | null>>;

let loadedParsers: Promise<ModuleParsers> | null = null;

/** The parsers for every language with a front end, created once per process. */
export function loadModuleParsers(): Promise<ModuleParsers> {
  loadedParsers ??= Promise.all([createParser('python'), createParser('scala')]).then(([python, scala]) => ({ python, scala }));
  return loadedParsers;
}

export interface CellsAnalysis {
  /** Findings per cell index, in that cell's coordinates; cells without findings are absent. */
  readonly findings: ReadonlyMap<number, readonly Finding[]>;
  /** The model of each language's module, in the module's coordinates. */
  readonly modules: readonly { readonly module: VirtualModule; readonly result: AnalysisResult }[];
  readonly ruleErrors: AnalysisResult['ruleErrors'];
  /** `%run` lines whose target's code could not be inserted, in their cell's coordinates (`part` is the cell index). */
  readonly runProblems: readonly RunProblem[];
  /** The paths the `%run` lines read or looked for. */
  readonly runDependencies: readonly string[];
}

/**
 * A Jupyter notebook's cells (from an `.ipynb` file or an editor's notebook
 * sync): the code cells of each language we lint form one module, analysed
 * once; each cell gets its own findings. With `runs`, each `%run` line's
 * target is read through its resolver and its code analysed before the cells
 * after it (findings in that code are dropped).
 */
export function analyzeNotebookCells(cells: readonly NotebookCellText[], parsers: ModuleParsers, settings: AnalysisSettings, options: AnalyzeOptions = {}, runs: RunContext | null = null): CellsAnalysis {
  const findings = new Map<number, Finding[]>();
  const modules: { readonly module: VirtualModule; readonly result: AnalysisResult }[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'][number][] = [];
  const runProblems: RunProblem[] = [];
  const runDependencies = new Set<string>();
  for (const language of ['python', 'scala'] as const) {
    if (!cells.some((cell) => cell.kind === 'code' && notebookLanguage(cell.language) === language)) continue;
    let module = jupyterModule(cells, language);
    const located = runs ? jupyterRuns(cells, language) : [];
    if (runs && located.length > 0) {
      const expansion = expandRuns(module, located, runs);
      module = expansion.module;
      runProblems.push(...expansion.problems);
      for (const dependency of expansion.dependencies) runDependencies.add(dependency);
    }
    const result = analyzeModule(module, parsers, settings, options);
    modules.push({ module, result });
    ruleErrors.push(...result.ruleErrors);
    for (const [part, moved] of findingsByPart(module, result.findings)) {
      // Code a `%run` inserted is not in any cell.
      if (part < 0) continue;
      findings.set(part, [...(findings.get(part) ?? []), ...moved].sort((a, b) => a.span.start - b.span.start));
    }
  }
  return { findings, modules, ruleErrors, runProblems, runDependencies: [...runDependencies].sort() };
}

/** Analyses one module; findings are in the module's coordinates. */
export function analyzeModule(module: VirtualModule, parsers: ModuleParsers, settings: AnalysisSettings, options: AnalyzeOptions = {}): AnalysisResult {
  const parser = parsers[module.language];
  if (parser === null) return { findings: [], model: null, ruleErrors: [] };
  // Scala is parsed from the same-length text the Scala front end gives tree-sitter (`$"c"` read as `s"c"`).
  const tree = parser.parse(module.language === 'scala' ? scalaParseText(module.text) : module.text);
  if (!tree) return { findings: [], model: null, ruleErrors: [{ rule: 'parse', error: 'tree-sitter returned no tree' }] };
  try {
    switch (module.language) {
      case 'python':
        return analyzePython(tree.rootNode, module.text, settings, options);
      case 'scala':
        return analyzeScala(tree.rootNode, module.text, settings, options);
      default: {
        const unreachable: never = module.language;
        return unreachable;
      }
    }
  } finally {
    tree.delete();
  }
}

/** Module findings grouped by part, each in its part's coordinates. */
export function findingsByPart(module: VirtualModule, findings: readonly Finding[]): Map<number, Finding[]> {
  const parts = new Map<number, Finding[]>();
  for (const finding of findings) {
    const moved = toPartFinding(module, finding);
    if (!moved) continue;
    const list = parts.get(moved.part) ?? [];
    list.push(moved.finding);
    parts.set(moved.part, list);
  }
  return parts;
}

export interface DatabricksAnalysis extends AnalysisResult {
  /** The notebook language's module as analysed: the model's spans are in it (map them with `toPartSpan`, part 0). */
  readonly module: VirtualModule | null;
  /** `%run` lines whose target's code could not be inserted, in the file's coordinates. */
  readonly runProblems: readonly RunProblem[];
  /** The paths the `%run` lines read or looked for. */
  readonly runDependencies: readonly string[];
}

/**
 * A Databricks source notebook (`# Databricks notebook source`): every
 * language module analysed, findings in the file's own coordinates. The
 * model is the notebook language's module's: its spans are the file's except
 * behind `# MAGIC ` prefixes and after a `%run` whose target's code was
 * inserted (`runs`: read through its resolver, analysed before the cells
 * after it, its findings dropped). Null when `text` is not such a notebook.
 */
export function analyzeDatabricksSource(text: string, parsers: ModuleParsers, settings: AnalysisSettings, options: AnalyzeOptions = {}, runs: RunContext | null = null): DatabricksAnalysis | null {
  const notebook = splitDatabricksSource(text);
  if (!notebook) return null;
  const findings: Finding[] = [];
  const ruleErrors: AnalysisResult['ruleErrors'][number][] = [];
  let model: AnalysisResult['model'] = null;
  let ownModule: VirtualModule | null = null;
  let runProblems: readonly RunProblem[] = [];
  let runDependencies: readonly string[] = [];
  for (const [index, split] of notebook.modules.entries()) {
    let module = split;
    // The notebook's own language runs the `%run` targets (modules[0]).
    if (index === 0 && runs && notebook.runs.length > 0) {
      const expansion = expandRuns(split, databricksRuns(notebook), runs);
      module = expansion.module;
      runProblems = expansion.problems;
      runDependencies = expansion.dependencies;
    }
    const result = analyzeModule(module, parsers, settings, options);
    if (module.language === notebook.language) {
      model = result.model;
      ownModule = module;
    }
    findings.push(...(findingsByPart(module, result.findings).get(0) ?? []));
    ruleErrors.push(...result.ruleErrors);
  }
  findings.sort((a, b) => a.span.start - b.span.start);
  return { findings, model, ruleErrors, module: ownModule, runProblems, runDependencies };
}

function toPartFinding(module: VirtualModule, finding: Finding): { readonly part: number; readonly finding: Finding } | null {
  const located = toPartSpan(module, finding.span);
  if (!located) return null;
  const related: Finding['related'][number][] = [];
  for (const location of finding.related) {
    const moved = toPartSpan(module, location.span);
    // A related place in another cell cannot be named in this cell's coordinates.
    if (moved && moved.part === located.part) related.push({ span: moved.span, message: location.message });
  }
  const fixes: Fix[] = [];
  for (const fix of finding.fixes) {
    const moved = toPartFix(module, fix, located.part);
    if (moved) fixes.push(moved);
  }
  return { part: located.part, finding: { ...finding, span: located.span, related, fixes } };
}

function toPartFix(module: VirtualModule, fix: Fix, part: number): Fix | null {
  let edits: readonly TextEdit[];
  try {
    edits = fix.edits();
  } catch {
    // The caller reports a fix that throws when it asks for the edits; keep that behaviour.
    return fix;
  }
  const moved: TextEdit[] = [];
  for (const edit of edits) {
    const located = toEditablePartSpan(module, edit.span, part);
    if (!located || located.part !== part) return null;
    moved.push({ span: located.span, newText: edit.newText });
  }
  return { ...fix, edits: () => moved };
}
