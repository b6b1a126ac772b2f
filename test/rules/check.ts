// The one helper the rule tests go through: analyse a fixture, compare the
// findings of one rule with the markers written under the code, and report
// the difference the way ast-grep does: validated (expected and reported),
// noisy (reported, not expected: a false positive) and missing (expected, not
// reported: a miss).
//
// A marker is a comment line under the line it marks, its carets under the
// reported range (clipped to that line), then the rule's code or id:
//
//     .join(customers, "customer_id", "left")
//   #  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ WP507
//
// Several marker lines in a row mark the same code line. `#`, `//` and `<!--`
// all start a marker, so build files use their own comment syntax.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { AnalysisResult, AnalysisSettings, Finding, SparkVersion } from '../../server/src/analysis/types';
import { LineIndex } from '../../server/src/model/span';
import { rules } from '../../server/src/rules/registry';
import type { Rule } from '../../server/src/rules/rule';

export interface Marker {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly rule: string;
}

export interface CheckReport {
  readonly validated: readonly string[];
  readonly noisy: readonly string[];
  readonly missing: readonly string[];
  /** Every finding of the rule, rendered `line:column CODE message` (1-based), for snapshots. */
  readonly reported: readonly string[];
  readonly result: AnalysisResult;
}

export interface CheckOptions {
  readonly sparkVersion?: SparkVersion;
  /** Run only these rules instead of the registry (engine tests). */
  readonly rules?: readonly Rule[];
}

const markerPattern = /^(\s*(?:#|\/\/|<!--)\s*)(\^+)\s+([A-Za-z][\w-]*)/;

/** Reads the markers of a text; lines are 0-based, columns UTF-16. */
export function readMarkers(text: string): readonly Marker[] {
  const lines = text.split('\n');
  const markers: Marker[] = [];
  let target = -1;
  for (let index = 0; index < lines.length; index++) {
    const match = markerPattern.exec(lines[index] ?? '');
    if (!match) {
      target = index;
      continue;
    }
    const start = (match[1] ?? '').length;
    markers.push({ line: target, start, end: start + (match[2] ?? '').length, rule: match[3] ?? '' });
  }
  return markers;
}

/** Analyses `text` as `path`, keeping only the findings of `rule` (an id), and compares them with the text's markers. */
export async function check(rule: string, path: string, text: string, options: CheckOptions = {}): Promise<CheckReport> {
  const settings: AnalysisSettings = {
    ...defaultSettings,
    sparkVersion: options.sparkVersion ?? defaultSettings.sparkVersion,
    select: [rule],
  };
  const result = await analyzeFile(path, text, settings, options.rules ? { rules: options.rules } : {});
  const lines = new LineIndex(text);
  const findings = result.findings.filter((finding) => finding.rule === rule);
  const code = (options.rules ?? rules).find((candidate) => candidate.meta.id === rule)?.meta.code;
  const markers = readMarkers(text).filter((marker) => marker.rule === rule || marker.rule === code);
  const unmatched = [...markers];
  const validated: string[] = [];
  const noisy: string[] = [];
  for (const finding of findings) {
    const range = firstLineRange(finding, lines);
    const index = unmatched.findIndex((marker) => marker.line === range.line && marker.start === range.start && marker.end === range.end);
    if (index >= 0) {
      unmatched.splice(index, 1);
      validated.push(describe(finding, lines));
    } else {
      noisy.push(describe(finding, lines));
    }
  }
  const missing = unmatched.map((marker) => `${marker.line + 1}:${marker.start + 1}-${marker.end + 1} ${marker.rule} (no finding there)`);
  return { validated, noisy, missing, reported: findings.map((finding) => describe(finding, lines)), result };
}

/** Reads a fixture file and checks it. */
export async function checkFile(rule: string, file: string, options: CheckOptions = {}): Promise<CheckReport> {
  return check(rule, file, readFileSync(file, 'utf8'), options);
}

/** A one-paragraph account of a report for assertion messages. */
export function summarise(report: CheckReport): string {
  const parts = [`validated ${report.validated.length}, reported ${report.reported.length}, noisy ${report.noisy.length}, missing ${report.missing.length}`];
  for (const line of report.noisy) parts.push(`  noisy (false positive): ${line}`);
  for (const line of report.missing) parts.push(`  missing: ${line}`);
  for (const error of report.result.ruleErrors) parts.push(`  rule error in ${error.rule}: ${error.error}`);
  return parts.join('\n');
}

/**
 * Compares rendered findings with a snapshot file. `UPDATE_SNAPSHOTS=1`
 * rewrites every snapshot; `UPDATE_SNAPSHOTS=rule-a,rule-b` only those rules'.
 * Returns null when equal, else a message.
 */
export function compareSnapshot(file: string, reported: readonly string[], rule: string): string | null {
  const content = reported.length === 0 ? '' : `${reported.join('\n')}\n`;
  const update = (process.env['UPDATE_SNAPSHOTS'] ?? '').split(',').map((name) => name.trim());
  if (update.includes('1') || update.includes(rule)) {
    writeFileSync(file, content);
    return null;
  }
  if (!existsSync(file)) return `no snapshot ${file}: run with UPDATE_SNAPSHOTS=1`;
  const expected = readFileSync(file, 'utf8');
  return expected === content ? null : `snapshot ${file} differs:\n--- expected\n${expected}--- actual\n${content}`;
}

function firstLineRange(finding: Finding, lines: LineIndex): { line: number; start: number; end: number } {
  const start = lines.position(finding.span.start);
  const end = lines.position(finding.span.end);
  const endColumn = end.line === start.line ? end.character : lines.lineText(start.line).length;
  return { line: start.line, start: start.character, end: endColumn };
}

function describe(finding: Finding, lines: LineIndex): string {
  const start = lines.position(finding.span.start);
  return `${start.line + 1}:${start.character + 1} ${finding.code} ${finding.severity} ${finding.message}`;
}
