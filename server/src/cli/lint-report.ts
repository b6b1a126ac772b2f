// What `whirlpool lint` found, in the shape every output format reads:
// findings per file with positions resolved, plus the metadata of the rules
// that ran (SARIF lists them).

import type { Finding, Severity } from '../analysis/types';
import type { LineIndex, Span } from '../model/span';

export interface FileReport {
  /** As shown to the user: relative to the working directory when inside it, with `/` separators. */
  readonly path: string;
  readonly index: LineIndex;
  readonly findings: readonly Finding[];
  /**
   * A Jupyter notebook's cells, in order: findings' spans are offsets into
   * the cells' texts laid end to end (`start` is where each cell begins), and
   * positions are reported per cell. Null for other files.
   */
  readonly cells: readonly ReportCell[] | null;
}

export interface ReportCell {
  readonly start: number;
  readonly index: LineIndex;
}

export interface RuleDescription {
  readonly id: string;
  readonly code: string;
  /** One line: what the rule catches. */
  readonly summary: string;
  readonly defaultSeverity: Severity;
  readonly documentationUrl: string | null;
}

export interface LintReport {
  readonly files: readonly FileReport[];
  readonly rules: readonly RuleDescription[];
  readonly toolVersion: string;
}

/** 1-based line and column (UTF-16 code units, as SARIF's default and most editors count), in the cell for notebooks. */
export interface Position1 {
  /** 1-based index of the notebook cell (markdown cells count), null for other files. */
  readonly cell: number | null;
  readonly line: number;
  readonly column: number;
}

export function startOf(file: FileReport, finding: Finding): Position1 {
  return positionOf(file, finding.span.start);
}

/** The end of a finding; in a notebook, in the cell its start is in. */
export function endOf(file: FileReport, finding: Finding): Position1 {
  return positionOf(file, finding.span.end, finding.span.start);
}

/** The start and end of a related location, or any other span of the file. */
export function spanPositions(file: FileReport, span: Span): { readonly start: Position1; readonly end: Position1 } {
  return { start: positionOf(file, span.start), end: positionOf(file, span.end, span.start) };
}

function positionOf(file: FileReport, offset: number, within = offset): Position1 {
  if (file.cells === null) {
    const position = file.index.position(offset);
    return { cell: null, line: position.line + 1, column: position.character + 1 };
  }
  let cellIndex = 0;
  for (const [index, cell] of file.cells.entries()) {
    if (cell.start <= within) cellIndex = index;
  }
  const cell = file.cells[cellIndex];
  if (!cell) return { cell: null, line: 1, column: 1 };
  const position = cell.index.position(offset - cell.start);
  return { cell: cellIndex + 1, line: position.line + 1, column: position.character + 1 };
}

export function countFindings(report: LintReport): number {
  return report.files.reduce((total, file) => total + file.findings.length, 0);
}
