// `%run ./other`: Databricks runs the other notebook in the same session, so
// what it defines (a streaming DataFrame, a schema, helpers, confs) is
// visible to the cells after it. `expandRuns` inserts each target's code into
// the notebook's module right after its `%run` line, so the front end lowers
// it first and its bindings are known; the inserted text maps to
// `insertedPart`, so findings located in it are never the notebook's.
//
// No I/O here: the caller's resolver reads files (the CLI from disk, the
// language server from open editors, then disk). A target's own `%run`s are
// followed the same way, up to `maxRunDepth` levels; a cycle, a missing or
// unreadable target, or a target in the other language is a problem on the
// `%run` line, and the notebook is
// analysed without that target's code (its names unknown, as before).
//
// Absent on purpose: the target sees the notebook's own earlier cells in
// Databricks, but its code is lowered on its own terms here; `$name="value"`
// arguments (widgets) are not substituted.

import * as path from 'node:path';
import type { Span } from '../model/span';
import { databricksLanguage, databricksRuns, splitDatabricksSource } from './databricks-source';
import { jupyterModule, jupyterRuns, parseJupyter } from './jupyter';
import { insertIntoModule, ModuleBuilder, toModuleOffset, type NotebookLanguage, type VirtualModule } from './virtual-module';

/** What a resolver found for a `%run`: the first candidate that exists. */
export type RunLookup =
  | { readonly kind: 'found'; readonly path: string; readonly text: string }
  | { readonly kind: 'unreadable'; readonly path: string; readonly reason: string }
  | { readonly kind: 'missing' };

/** Reads the first of `candidates` (absolute paths, in order) that exists. */
export type RunResolver = (candidates: readonly string[]) => RunLookup;

export interface RunContext {
  /** The notebook's own path: targets resolve against its folder. */
  readonly path: string;
  readonly resolve: RunResolver;
}

/** A `%run` line: `span` covers the line in `part` (0 for a Databricks file, the cell index for Jupyter). */
export interface LocatedRun {
  readonly part: number;
  readonly span: Span;
  readonly path: string;
}

export interface RunProblem {
  readonly part: number;
  readonly span: Span;
  readonly message: string;
}

export interface InsertedRun {
  /** Where the target's code lies in the expanded module. */
  readonly range: Span;
  readonly run: LocatedRun;
  /** The file it came from. */
  readonly file: string;
}

export interface RunExpansion {
  readonly module: VirtualModule;
  readonly inserted: readonly InsertedRun[];
  readonly problems: readonly RunProblem[];
  /** Every path read or looked for, found or not: a change to any of them changes the expansion. */
  readonly dependencies: readonly string[];
}

/** Nested `%run` levels followed; deeper ones are a problem, not a hang. */
export const maxRunDepth = 8;

/** The module with every `%run` target's code inserted after its `%run` line. */
export function expandRuns(module: VirtualModule, runs: readonly LocatedRun[], context: RunContext): RunExpansion {
  const dependencies = new Set<string>();
  const expansion = expand(module, runs, context.path, context.resolve, [path.resolve(context.path)], dependencies);
  const problems = expansion.problems.map(({ part, span, message, within, runPath }): RunProblem => ({
    part,
    span,
    // A problem in a nested target names the file whose `%run` it is.
    message: within === null ? message : `%run ${runPath}: in ${path.basename(within)}, ${message}`,
  }));
  return { ...expansion, problems, dependencies: [...dependencies].sort() };
}

/**
 * The files a `%run` path may name (an exported notebook gets its language's
 * extension), the notebook's own language first; a relative path is relative
 * to the notebook's folder.
 */
export function runCandidates(notebookPath: string, target: string, language: NotebookLanguage = 'python'): string[] {
  const base = path.resolve(path.dirname(notebookPath), target);
  const extensions = language === 'python' ? ['.py', '.scala'] : ['.scala', '.py'];
  return [...extensions.map((extension) => `${base}${extension}`), base, `${base}.ipynb`];
}

interface NestedProblem extends RunProblem {
  /** The target file whose `%run` line the message is about; null for this module's own line. */
  readonly within: string | null;
  /** The path of this module's `%run` that led there. */
  readonly runPath: string;
}

function expand(
  module: VirtualModule,
  runs: readonly LocatedRun[],
  file: string,
  resolve: RunResolver,
  chain: readonly string[],
  dependencies: Set<string>,
): { readonly module: VirtualModule; readonly inserted: readonly InsertedRun[]; readonly problems: readonly NestedProblem[] } {
  const problems: NestedProblem[] = [];
  const insertions: { readonly at: number; readonly text: string; readonly run: LocatedRun; readonly file: string }[] = [];
  for (const run of runs) {
    const problem = (message: string): void => {
      problems.push({ part: run.part, span: run.span, message: `%run ${run.path}: ${message}`, within: null, runPath: run.path });
    };
    const lineEnd = toModuleOffset(module, run.part, run.span.end);
    // The `%run` line is not in this language's module (a cell in another language): nothing to insert into.
    if (lineEnd === null) continue;
    if (chain.length > maxRunDepth) {
      problem(`more than ${maxRunDepth} nested %run levels; not followed`);
      continue;
    }
    const candidates = runCandidates(file, run.path, module.language);
    for (const candidate of candidates) dependencies.add(candidate);
    const lookup = resolve(candidates);
    if (lookup.kind === 'missing') {
      // A Databricks workspace path (`/Shared/setup`) is rarely a path on this machine.
      const hint = path.isAbsolute(run.path) ? ' (an absolute workspace path is looked up on this disk; write it relative to this notebook)' : '';
      problem(`no notebook found (looked for ${candidates.map((candidate) => path.basename(candidate)).join(', ')} in ${path.dirname(candidates[0] ?? file)})${hint}; the names it defines are unknown here`);
      continue;
    }
    if (lookup.kind === 'unreadable') {
      problem(`cannot read ${path.basename(lookup.path)} (${lookup.reason}); the names it defines are unknown here`);
      continue;
    }
    const target = path.resolve(lookup.path);
    if (chain.includes(target)) {
      problem(`a cycle (${[...chain.slice(chain.indexOf(target)), target].map((entry) => path.basename(entry)).join(' runs ')}); not followed again`);
      continue;
    }
    const read = readTarget(target, lookup.text);
    if (read.kind === 'problem') {
      problem(read.message);
      continue;
    }
    if (read.language !== module.language) {
      problem(`${path.basename(target)} is ${article(read.language)} notebook; its definitions do not reach ${languageName(module.language)} code, skipped`);
      continue;
    }
    const inner = expand(read.module, read.runs, target, resolve, [...chain, target], dependencies);
    for (const nested of inner.problems) problems.push({ part: run.part, span: run.span, message: nested.message, within: nested.within ?? target, runPath: run.path });
    const code = withoutSuppressions(inner.module.text);
    const text = code.endsWith('\n') || code === '' ? code : `${code}\n`;
    const newline = module.text.indexOf('\n', lineEnd);
    // After the `%run` line's break; a `%run` on the last line gets one first.
    insertions.push(newline === -1 ? { at: module.text.length, text: `\n${text}`, run, file: target } : { at: newline + 1, text, run, file: target });
  }
  const inserted = insertIntoModule(module, insertions);
  return {
    module: inserted.module,
    inserted: insertions.map((insertion, index) => ({ range: inserted.ranges[index] ?? { start: insertion.at, end: insertion.at }, run: insertion.run, file: insertion.file })),
    problems,
  };
}

/**
 * The target's suppression comments made inert (`whirlpool:` → `whirlpool;`,
 * `noqa` → `noq_`, same length): its `ignore-file` would silence the
 * notebook, and an `ignore` on its last line the notebook's next statement.
 * Its own findings are dropped anyway.
 */
function withoutSuppressions(code: string): string {
  return code.replace(/whirlpool(\s*):/gi, 'whirlpool$1;').replace(/noqa/gi, 'noq_');
}

type TargetReading =
  | { readonly kind: 'target'; readonly language: NotebookLanguage; readonly module: VirtualModule; readonly runs: readonly LocatedRun[] }
  | { readonly kind: 'problem'; readonly message: string };

/** A target's code in its language: a Databricks source notebook, a Jupyter notebook, or a plain `.py`/`.scala` file. */
function readTarget(file: string, text: string): TargetReading {
  const name = path.basename(file);
  if (/\.ipynb$/i.test(file) || (!/\.(?:py|scala)$/i.test(file) && text.trimStart().startsWith('{'))) {
    const reading = parseJupyter(text);
    if (reading.kind === 'problem') return { kind: 'problem', message: `${name}: ${reading.message}` };
    const language = reading.notebook.language;
    if (language === null) return { kind: 'problem', message: `${name}: the kernel language ${JSON.stringify(reading.notebook.kernelLanguage)} is not Python or Scala` };
    return { kind: 'target', language, module: jupyterModule(reading.notebook.cells, language), runs: jupyterRuns(reading.notebook.cells, language) };
  }
  const notebook = splitDatabricksSource(text);
  const own = notebook?.modules[0];
  if (notebook && own) return { kind: 'target', language: notebook.language, module: own, runs: databricksRuns(notebook) };
  const language: NotebookLanguage | null = /\.py$/i.test(file) ? 'python' : /\.scala$/i.test(file) ? 'scala' : databricksLanguage(text);
  if (language === null) return { kind: 'problem', message: `cannot tell the language of ${name} (no .py/.scala extension and no "Databricks notebook source" line)` };
  const builder = new ModuleBuilder(language);
  builder.copy(text, 0, 0, false);
  return { kind: 'target', language, module: builder.build(), runs: [] };
}

function languageName(language: NotebookLanguage): string {
  return language === 'python' ? 'Python' : 'Scala';
}

function article(language: NotebookLanguage): string {
  return language === 'python' ? 'a Python' : 'a Scala';
}
