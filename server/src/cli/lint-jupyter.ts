// The lint of a Jupyter `.ipynb` file for the CLI: the JSON read into cells
// (`notebooks/jupyter.ts`), the cells analysed as the language server does
// for an open notebook, and the findings laid out for the report: each
// cell's spans shifted by where the cell starts when the cells' texts are
// laid end to end, so the report can say which cell and line.

import { analyzeNotebookCells, loadModuleParsers } from '../analysis/analyze-notebook';
import type { AnalysisResult, AnalysisSettings, Finding } from '../analysis/types';
import { LineIndex, type Span } from '../model/span';
import { parseJupyter } from '../notebooks/jupyter';
import type { RunProblem } from '../notebooks/notebook-runs';
import type { ReportCell } from './lint-report';
import { readRunTarget } from './read-source';

export type JupyterLint =
  | {
      readonly kind: 'lint';
      readonly findings: readonly Finding[];
      readonly cells: readonly ReportCell[];
      readonly ruleErrors: AnalysisResult['ruleErrors'];
      readonly note: string | null;
      /** `%run` lines whose target was not followed; `part` is the cell index, spans in the cell. */
      readonly runProblems: readonly RunProblem[];
    }
  | { readonly kind: 'problem'; readonly message: string };

export async function lintJupyter(file: string, text: string, settings: AnalysisSettings): Promise<JupyterLint> {
  const reading = parseJupyter(text);
  if (reading.kind === 'problem') return reading;
  const notebook = reading.notebook;
  const cells: ReportCell[] = [];
  let start = 0;
  for (const cell of notebook.cells) {
    cells.push({ start, index: new LineIndex(cell.text) });
    start += cell.text.length;
  }
  const analysis = analyzeNotebookCells(notebook.cells, await loadModuleParsers(), settings, { path: file }, { path: file, resolve: readRunTarget });
  const findings: Finding[] = [];
  for (const [part, list] of [...analysis.findings].sort(([a], [b]) => a - b)) {
    const shift = cells[part]?.start ?? 0;
    for (const finding of list) findings.push(shifted(finding, shift));
  }
  const note = notebook.language === null ? `kernel language ${JSON.stringify(notebook.kernelLanguage)} is not linted (Python and Scala are)` : null;
  return { kind: 'lint', findings, cells, ruleErrors: analysis.ruleErrors, note, runProblems: analysis.runProblems };
}

function shifted(finding: Finding, shift: number): Finding {
  const move = (span: Span): Span => ({ start: span.start + shift, end: span.end + shift });
  return {
    ...finding,
    span: move(finding.span),
    related: finding.related.map((location) => ({ ...location, span: move(location.span) })),
    // The CLI does not apply fixes to notebooks: their edits stay in cell coordinates, listed by title only.
    fixes: finding.fixes,
  };
}
