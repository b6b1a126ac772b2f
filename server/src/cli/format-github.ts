// GitHub Actions workflow commands: each finding becomes an annotation on the
// pull request's diff (`::error file=...,line=...::message`). A finding in a
// Jupyter notebook is an annotation on the file with the cell and line in its
// title: the lines of the `.ipynb` JSON are not the cell's.

import type { Severity } from '../analysis/types';
import { endOf, startOf, type LintReport } from './lint-report';

export function formatGithub(report: LintReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const finding of file.findings) {
      const start = startOf(file, finding);
      const end = endOf(file, finding);
      if (start.cell !== null) {
        const where = `file=${escapeProperty(file.path)},title=${escapeProperty(`${finding.code} (cell ${start.cell}, line ${start.line})`)}`;
        lines.push(`::${command(finding.severity)} ${where}::${escapeData(finding.message)}`);
        continue;
      }
      const properties = [
        `file=${escapeProperty(file.path)}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        // GitHub accepts endColumn only on single-line annotations
        ...(end.line === start.line ? [`endColumn=${end.column}`] : []),
        `title=${escapeProperty(finding.code)}`,
      ];
      lines.push(`::${command(finding.severity)} ${properties.join(',')}::${escapeData(finding.message)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function command(severity: Severity): 'error' | 'warning' | 'notice' {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'info':
    case 'hint':
      return 'notice';
    default: {
      const unreachable: never = severity;
      return unreachable;
    }
  }
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
