// `%run` in the editor: targets are read from open editors first (what the
// user sees, saved or not: a text tab, or an open Jupyter notebook's cells),
// then from disk; a `%run` that could not be followed is an information
// diagnostic on its line; and `RunDependents` remembers which documents read
// which paths, so a change to a target (typed in an editor, opened, closed,
// or changed on disk as the client's file watcher reports) re-lints the
// notebooks that run it.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import * as path from 'node:path';
import { readRunTarget } from '../cli/read-source';
import type { LineIndex } from '../model/span';
import type { RunProblem, RunResolver } from '../notebooks/notebook-runs';
import { toRange } from './diagnostics';

/** Reads a `%run` target from the open document at that path when there is one, else from disk. */
export function runResolver(openText: (file: string) => string | undefined): RunResolver {
  return (candidates) => {
    for (const candidate of candidates) {
      const text = openText(path.resolve(candidate));
      if (text !== undefined) return { kind: 'found', path: candidate, text };
    }
    return readRunTarget(candidates);
  };
}

/** A `%run` whose target's code is not in the analysis: said on its line, without a rule code (nothing to fix or suppress). */
export function runProblemDiagnostics(problems: readonly RunProblem[], index: LineIndex): Diagnostic[] {
  return problems.map((problem) => ({ range: toRange(problem.span, index), severity: DiagnosticSeverity.Information, source: 'whirlpool', message: problem.message }));
}

/** Which open documents (or notebooks) read which paths through `%run`, so a change to one re-lints its dependents. */
export class RunDependents {
  private readonly paths = new Map<string, ReadonlySet<string>>();

  /** Replaces what `uri`'s last lint read (an empty list forgets it). */
  record(uri: string, dependencies: readonly string[]): void {
    if (dependencies.length === 0) this.paths.delete(uri);
    else this.paths.set(uri, new Set(dependencies.map((dependency) => path.resolve(dependency))));
  }

  forget(uri: string): void {
    this.paths.delete(uri);
  }

  /** The documents whose last lint read or looked for `file`. */
  dependentsOf(file: string): string[] {
    const wanted = path.resolve(file);
    return [...this.paths].filter(([, read]) => read.has(wanted)).map(([uri]) => uri);
  }
}
