// The code of a notebook file as one module of its own language, for
// consumers that read a whole job rather than findings (the simulator): a
// Databricks source notebook's module (the file's offsets, other cells blank)
// or a Jupyter notebook's code cells in order, with each `%run` target's code
// inserted after its line when a resolver is given. `describeModuleOffset`
// says where a module offset is in the user's terms (`line 12`, `cell 3,
// line 2`), since the module's own lines are neither the file's (after a
// `%run`) nor a Jupyter cell's.

import * as path from 'node:path';
import { LineIndex } from '../model/span';
import { databricksRuns, isDatabricksSource, splitDatabricksSource } from './databricks-source';
import { jupyterModule, jupyterRuns, parseJupyter } from './jupyter';
import { expandRuns, type InsertedRun, type LocatedRun, type RunProblem, type RunResolver } from './notebook-runs';
import { insertedPart, toPart, type VirtualModule } from './virtual-module';

export type NotebookModule =
  | {
      readonly kind: 'module';
      readonly module: VirtualModule;
      readonly notebook: 'databricks' | 'jupyter';
      /** The texts module offsets map into: the file (Databricks), or each cell (Jupyter). */
      readonly parts: readonly string[];
      readonly inserted: readonly InsertedRun[];
      /** `%run` lines whose target's code was not inserted, in their part's coordinates. */
      readonly runProblems: readonly RunProblem[];
    }
  | { readonly kind: 'problem'; readonly message: string };

/** The notebook's module, a problem for an unreadable notebook, or null when the file is not a notebook. */
export function notebookModuleOf(file: string, text: string, resolve: RunResolver | null = null): NotebookModule | null {
  if (/\.ipynb$/i.test(file)) {
    const reading = parseJupyter(text);
    if (reading.kind === 'problem') return reading;
    const language = reading.notebook.language;
    if (language === null) return { kind: 'problem', message: `the notebook's kernel language ${JSON.stringify(reading.notebook.kernelLanguage)} is not Python or Scala` };
    const cells = reading.notebook.cells;
    return expanded(jupyterModule(cells, language), jupyterRuns(cells, language), 'jupyter', cells.map((cell) => cell.text), file, resolve);
  }
  if (!isDatabricksSource(file, text)) return null;
  const notebook = splitDatabricksSource(text);
  const module = notebook?.modules[0];
  if (!notebook || !module) return null;
  return expanded(module, databricksRuns(notebook), 'databricks', [text], file, resolve);
}

/** `line 12` in a Databricks file, `cell 3, line 2` in a Jupyter notebook, or the `%run` whose target's code holds the offset. */
export function describeModuleOffset(notebook: Extract<NotebookModule, { kind: 'module' }>, offset: number): string {
  const located = toPart(notebook.module, offset);
  if (located && located.part === insertedPart) {
    const run = notebook.inserted.find((entry) => entry.range.start <= offset && offset < entry.range.end);
    if (run) return `${describePartOffset(notebook, run.run.part, run.run.span.start)} (in ${path.basename(run.file)}, which %run ${run.run.path} runs)`;
  }
  return located ? describePartOffset(notebook, located.part, located.offset) : 'the end of the notebook';
}

/** `line 12` or `cell 3, line 2` for an offset in a part. */
export function describePartOffset(notebook: Extract<NotebookModule, { kind: 'module' }>, part: number, offset: number): string {
  const line = new LineIndex(notebook.parts[part] ?? '').position(offset).line + 1;
  return notebook.notebook === 'jupyter' ? `cell ${part + 1}, line ${line}` : `line ${line}`;
}

/** Whether a module offset lies in code a `%run` inserted. */
export function isInserted(notebook: Extract<NotebookModule, { kind: 'module' }>, offset: number): boolean {
  return toPart(notebook.module, offset)?.part === insertedPart;
}

function expanded(module: VirtualModule, runs: readonly LocatedRun[], kind: 'databricks' | 'jupyter', parts: readonly string[], file: string, resolve: RunResolver | null): NotebookModule {
  if (resolve === null || runs.length === 0) return { kind: 'module', module, notebook: kind, parts, inserted: [], runProblems: [] };
  const expansion = expandRuns(module, runs, { path: file, resolve });
  return { kind: 'module', module: expansion.module, notebook: kind, parts, inserted: expansion.inserted, runProblems: expansion.problems };
}
