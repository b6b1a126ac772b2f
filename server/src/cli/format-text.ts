// Ruff-style text: `path:line:col: CODE message`, one finding per line, then
// a count. Easy to grep and clickable in most terminals and editors. In a
// Jupyter notebook the position is the cell's: `path:cell N:line:col:`.

import { countFindings, startOf, type LintReport } from './lint-report';

export function formatText(report: LintReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const finding of file.findings) {
      const { cell, line, column } = startOf(file, finding);
      lines.push(`${file.path}:${cell === null ? '' : `cell ${cell}:`}${line}:${column}: ${finding.code} ${finding.message}`);
    }
  }
  const count = countFindings(report);
  const checked = `${report.files.length} file${report.files.length === 1 ? '' : 's'} checked`;
  lines.push(count === 0 ? `All clear: ${checked}` : `Found ${count} problem${count === 1 ? '' : 's'} (${checked})`);
  return `${lines.join('\n')}\n`;
}
