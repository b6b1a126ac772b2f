// Machine-readable findings: one object per finding, positions 1-based, fixes
// listed by title and safety (their edits are for editors, not for reports).
// In a Jupyter notebook, `cell` (1-based, markdown cells count) says which
// cell, and lines and columns are the cell's.

import { endOf, spanPositions, startOf, type LintReport } from './lint-report';

export function formatJson(report: LintReport): string {
  const findings = report.files.flatMap((file) =>
    file.findings.map((finding) => {
      const start = startOf(file, finding);
      const end = endOf(file, finding);
      return {
        path: file.path,
        rule: finding.rule,
        code: finding.code,
        ...(start.cell === null ? {} : { cell: start.cell }),
        severity: finding.severity,
        message: finding.message,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        related: finding.related.map((location) => {
          const { start: position } = spanPositions(file, location.span);
          return { ...(position.cell === null ? {} : { cell: position.cell }), line: position.line, column: position.column, message: location.message };
        }),
        fixes: finding.fixes.map((fix) => ({ title: fix.title, safety: fix.safety })),
        sparkVersion: finding.sparkVersion === null ? null : finding.sparkVersion.join('.'),
      };
    }),
  );
  return `${JSON.stringify(findings, null, 2)}\n`;
}
