// Fixing a file until nothing is left to fix: apply every applicable fix that
// does not conflict with another, analyse again, repeat. A fix can make
// another finding's fix possible (or its edits overlap one applied in this
// pass), so one pass is not enough; a bounded number of passes keeps two
// fixes that undo each other from looping forever.

import type { Finding, Fix, FixSafety, TextEdit } from '../analysis/types';
import { applyEdits, compatibleGroups } from './apply-edits';

export interface FixLoopOptions {
  /** Which fixes may apply: `safe` only, or `unsafe` ones too. Display-only fixes never do. */
  readonly level: 'safe' | 'unsafe';
  /** Rules (ids or codes, any case) whose fixes are left alone. */
  readonly exclude?: readonly string[];
  /** Passes before giving up; 10 unless given. */
  readonly maxPasses?: number;
}

export interface FixLoopResult {
  readonly text: string;
  /** Findings whose fix was applied, over all passes. */
  readonly fixed: number;
  /** The findings of the final text. */
  readonly remaining: readonly Finding[];
  readonly passes: number;
  /** True when the last pass still had fixes to apply (the bound was hit). */
  readonly exhausted: boolean;
  /** Fixes whose edits threw; their findings are left as they are. */
  readonly errors: readonly { readonly rule: string; readonly error: unknown }[];
}

/** Whether a fix of `safety` may apply at `level`. */
export function admits(level: FixLoopOptions['level'], safety: FixSafety): boolean {
  if (safety === 'safe') return true;
  return safety === 'unsafe' && level === 'unsafe';
}

/** The first fix of a finding that may apply at `level`, if any. */
export function applicableFix(finding: Finding, level: FixLoopOptions['level']): Fix | undefined {
  return finding.fixes.find((fix) => admits(level, fix.safety));
}

export async function fixToFixpoint(
  text: string,
  analyze: (text: string) => Promise<readonly Finding[]>,
  options: FixLoopOptions,
): Promise<FixLoopResult> {
  const maxPasses = options.maxPasses ?? 10;
  const excluded = new Set((options.exclude ?? []).map((rule) => rule.toLowerCase()));
  const errors: { rule: string; error: unknown }[] = [];
  let current = text;
  let fixed = 0;
  let findings = await analyze(current);
  for (let pass = 1; pass <= maxPasses; pass++) {
    const groups = fixGroups(findings, options.level, excluded, errors);
    const picked = compatibleGroups(groups.map((group) => group.edits));
    if (picked.length === 0) return { text: current, fixed, remaining: findings, passes: pass - 1, exhausted: false, errors };
    const next = applyEdits(current, picked.flatMap((index) => groups[index]?.edits ?? []));
    if (next === current) return { text: current, fixed, remaining: findings, passes: pass - 1, exhausted: false, errors };
    current = next;
    fixed += picked.length;
    findings = await analyze(current);
  }
  const more = compatibleGroups(fixGroups(findings, options.level, excluded, []).map((group) => group.edits)).length > 0;
  return { text: current, fixed, remaining: findings, passes: maxPasses, exhausted: more, errors };
}

function fixGroups(
  findings: readonly Finding[],
  level: FixLoopOptions['level'],
  excluded: ReadonlySet<string>,
  errors: { rule: string; error: unknown }[],
): { readonly finding: Finding; readonly edits: readonly TextEdit[] }[] {
  const groups: { finding: Finding; edits: readonly TextEdit[] }[] = [];
  const ordered = [...findings].sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
  for (const finding of ordered) {
    if (excluded.has(finding.rule.toLowerCase()) || excluded.has(finding.code.toLowerCase())) continue;
    const fix = applicableFix(finding, level);
    if (!fix) continue;
    try {
      groups.push({ finding, edits: fix.edits() });
    } catch (error) {
      errors.push({ rule: finding.rule, error });
    }
  }
  return groups;
}
