// SARIF 2.1.0, the format code-scanning services (GitHub code scanning, Azure
// DevOps, SonarQube imports) read. Rules carry their documentation link
// (`helpUri`); results point at them by id and index. Columns are UTF-16
// code units, SARIF's default `columnKind`. SARIF has no notebook cells: a
// finding in a Jupyter notebook has its cell's lines in the region and the
// cell (1-based) in the location's `properties.cell`.

import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../analysis/types';
import { endOf, spanPositions, startOf, type LintReport } from './lint-report';

export const sarifSchema = 'https://json.schemastore.org/sarif-2.1.0.json';

export function formatSarif(report: LintReport): string {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.code, index]));
  const rules = report.rules.map((rule) => ({
    id: rule.code,
    name: rule.id,
    shortDescription: { text: rule.summary },
    ...(rule.documentationUrl === null ? {} : { helpUri: rule.documentationUrl }),
    defaultConfiguration: { level: level(rule.defaultSeverity) },
  }));
  const results = report.files.flatMap((file) =>
    file.findings.map((finding) => {
      const start = startOf(file, finding);
      const end = endOf(file, finding);
      const index = ruleIndex.get(finding.code);
      return {
        ruleId: finding.code,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: level(finding.severity),
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(file.path) },
              region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
            },
            ...(start.cell === null ? {} : { properties: { cell: start.cell } }),
          },
        ],
        ...(finding.related.length === 0
          ? {}
          : {
              relatedLocations: finding.related.map((location, id) => {
                const { start: from, end: to } = spanPositions(file, location.span);
                return {
                  id,
                  message: { text: location.message },
                  physicalLocation: {
                    artifactLocation: { uri: artifactUri(file.path) },
                    region: { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column },
                  },
                  ...(from.cell === null ? {} : { properties: { cell: from.cell } }),
                };
              }),
            }),
      };
    }),
  );
  const log = {
    $schema: sarifSchema,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'whirlpool',
            version: report.toolVersion,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Paths under the working directory stay relative (code scanning resolves them against the repository); others become file URIs. */
function artifactUri(shownPath: string): string {
  return isAbsolute(shownPath) ? pathToFileURL(shownPath).href : encodeURI(shownPath);
}

function level(severity: Severity): 'error' | 'warning' | 'note' {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'info':
    case 'hint':
      return 'note';
    default: {
      const unreachable: never = severity;
      return unreachable;
    }
  }
}
