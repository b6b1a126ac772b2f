// Converts findings (plain data, UTF-16 spans) into LSP diagnostics. The
// diagnostic keeps the rule id in `data` so code actions can find the finding
// it came from without parsing the message.

import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver/node';
import type { Finding, Severity } from '../analysis/types';
import type { LineIndex, Span } from '../model/span';

export interface DiagnosticData {
  readonly rule: string;
}

export function toDiagnostics(
  findings: readonly Finding[],
  uri: string,
  index: LineIndex,
  documentationUrl: (rule: string) => string | null,
): Diagnostic[] {
  return findings.map((finding) => toDiagnostic(finding, uri, index, documentationUrl));
}

export function toDiagnostic(
  finding: Finding,
  uri: string,
  index: LineIndex,
  documentationUrl: (rule: string) => string | null,
): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((location) => ({
    location: { uri, range: toRange(location.span, index) },
    message: location.message,
  }));
  const href = documentationUrl(finding.rule);
  const data: DiagnosticData = { rule: finding.rule };
  return {
    range: toRange(finding.span, index),
    severity: toSeverity(finding.severity),
    code: finding.code,
    ...(href === null ? {} : { codeDescription: { href } }),
    source: 'whirlpool',
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  };
}

export function toRange(span: Span, index: LineIndex): Range {
  return { start: index.position(span.start), end: index.position(span.end) };
}

export function toSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    case 'hint':
      return DiagnosticSeverity.Hint;
    default: {
      const unreachable: never = severity;
      return unreachable;
    }
  }
}
