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
  const hint = fixHint(report);
  if (hint !== null) lines.push(hint);
  return `${lines.join('\n')}\n`;
}

/**
 * What the findings' fixes can do, as Ruff says it: how many `--fix` would
 * fix, how many more `--unsafe-fixes` would, and how many only have a template
 * (inserted from the editor). A finding counts once, by its most trusted fix.
 * Jupyter notebooks are left out: `--fix` does not write them.
 */
function fixHint(report: LintReport): string | null {
  const counts = { safe: 0, unsafe: 0, template: 0 };
  for (const file of report.files) {
    if (file.cells !== null) continue;
    for (const finding of file.findings) {
      const safeties = new Set(finding.fixes.map((fix) => fix.safety));
      if (safeties.has('safe')) counts.safe++;
      else if (safeties.has('unsafe')) counts.unsafe++;
      else if (safeties.has('display-only')) counts.template++;
    }
  }
  const parts = [
    ...(counts.safe > 0 ? [`${counts.safe} fixable with --fix`] : []),
    ...(counts.unsafe > 0 ? [`${counts.unsafe} ${counts.safe > 0 ? 'more ' : ''}with --fix --unsafe-fixes`] : []),
    ...(counts.template > 0 ? [`${counts.template} with a template to fill in (editor quick fix)`] : []),
  ];
  return parts.length === 0 ? null : `[*] ${parts.join(', ')}`;
}
