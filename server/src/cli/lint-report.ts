// What `whirlpool lint` found, in the shape every output format reads:
// findings per file with positions resolved, plus the metadata of the rules
// that ran (SARIF lists them).

import type { Finding, Severity } from '../analysis/types';
import type { LineIndex } from '../model/span';

export interface FileReport {
  /** As shown to the user: relative to the working directory when inside it, with `/` separators. */
  readonly path: string;
  readonly index: LineIndex;
  readonly findings: readonly Finding[];
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

/** 1-based line and column (UTF-16 code units, as SARIF's default and most editors count). */
export interface Position1 {
  readonly line: number;
  readonly column: number;
}

export function startOf(file: FileReport, finding: Finding): Position1 {
  const position = file.index.position(finding.span.start);
  return { line: position.line + 1, column: position.character + 1 };
}

export function endOf(file: FileReport, finding: Finding): Position1 {
  const position = file.index.position(finding.span.end);
  return { line: position.line + 1, column: position.character + 1 };
}

export function countFindings(report: LintReport): number {
  return report.files.reduce((total, file) => total + file.findings.length, 0);
}
