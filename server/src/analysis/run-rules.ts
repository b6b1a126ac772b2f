// Runs rules over one input and turns their reports into findings.
//
// Settings are applied here, once, for every rule: select/ignore and `off`
// decide whether a rule runs at all, severity overrides replace the rule's
// severity. A rule that throws is caught and recorded in `ruleErrors`; the
// other rules still run, and the findings it reported before throwing are
// dropped (they may be half-made).

import type { PipelineModel } from '../model/pipeline';
import { createQuery } from '../rules/query';
import type { Report, Rule, RuleMeta } from '../rules/rule';
import { spellingFor } from '../rules/spelling';
import type { AnalysisSettings, Finding, Severity } from './types';

export interface RuleRun {
  readonly findings: readonly Finding[];
  readonly ruleErrors: readonly { readonly rule: string; readonly error: string }[];
}

export function runModelRules(
  model: PipelineModel,
  text: string,
  settings: AnalysisSettings,
  rules: readonly Rule[],
  path: string | null = null,
): RuleRun {
  const query = createQuery(model);
  const spelling = spellingFor(model.language);
  return runEach(rules, 'model', settings, (rule, report) => {
    if (rule.kind !== 'model') return;
    rule.check({ model, query, text, path, sparkVersion: settings.sparkVersion, fix: settings.fix, spelling, report });
  });
}

export function runBuildRules(path: string, text: string, settings: AnalysisSettings, rules: readonly Rule[]): RuleRun {
  return runEach(rules, 'build', settings, (rule, report) => {
    if (rule.kind !== 'build') return;
    rule.check({ path, text, sparkVersion: settings.sparkVersion, report });
  });
}

/** Whether the settings let a rule run: selected (or nothing selected), not ignored, not `off`. */
export function isRuleEnabled(meta: RuleMeta, settings: AnalysisSettings): boolean {
  if (settings.select.length > 0 && !settings.select.some((selector) => matchesSelector(meta, selector))) return false;
  if (settings.ignore.some((selector) => matchesSelector(meta, selector))) return false;
  return severityOverride(meta, settings) !== 'off';
}

/**
 * A selector names a rule by id (`streaming-window-function`) or code
 * (`WP303`), case-insensitively; a code prefix (`WP3`, `WP`) selects every
 * rule whose code starts with it, as Ruff's selectors do.
 */
export function matchesSelector(meta: RuleMeta, selector: string): boolean {
  const wanted = selector.trim().toLowerCase();
  if (wanted === meta.id.toLowerCase() || wanted === meta.code.toLowerCase()) return true;
  return /^wp\d*$/.test(wanted) && meta.code.toLowerCase().startsWith(wanted);
}

/** The severity the settings give a rule (by id or code, any case), if any. */
export function severityOverride(meta: RuleMeta, settings: AnalysisSettings): Severity | 'off' | undefined {
  for (const [key, value] of Object.entries(settings.severity)) {
    if (key.toLowerCase() === meta.id.toLowerCase() || key.toLowerCase() === meta.code.toLowerCase()) return value;
  }
  return undefined;
}

function runEach(
  rules: readonly Rule[],
  kind: Rule['kind'],
  settings: AnalysisSettings,
  check: (rule: Rule, report: (report: Report) => void) => void,
): RuleRun {
  const findings: Finding[] = [];
  const ruleErrors: { rule: string; error: string }[] = [];
  for (const rule of rules) {
    if (rule.kind !== kind || !isRuleEnabled(rule.meta, settings)) continue;
    const override = severityOverride(rule.meta, settings);
    const reported: Finding[] = [];
    try {
      // A function defined once and lowered per call site can make a rule report the same
      // place twice with the same words: the user sees it once.
      const seen = new Set<string>();
      check(rule, (report) => {
        const key = `${report.span.start}:${report.span.end}:${report.message}`;
        if (seen.has(key)) return;
        seen.add(key);
        reported.push(toFinding(rule.meta, report, override));
      });
      findings.push(...reported);
    } catch (error) {
      ruleErrors.push({ rule: rule.meta.id, error: describeError(error) });
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  return { findings, ruleErrors };
}

function toFinding(meta: RuleMeta, report: Report, override: Severity | 'off' | undefined): Finding {
  return {
    rule: meta.id,
    code: meta.code,
    severity: override !== undefined && override !== 'off' ? override : (report.severity ?? meta.severity),
    message: report.message,
    span: report.span,
    related: report.related ?? [],
    fixes: report.fixes ?? [],
    sparkVersion: report.sparkVersion ?? null,
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
