// `unused-suppression` (WP001): the suppression comments that silenced
// nothing. It runs after every other rule and after the suppression pass
// has asked each comment about each finding, so a comment's uses are known.

import { removeComment } from '../fixes/suppression-edits';
import type { Span } from '../model/span';
import type { Rule } from '../rules/rule';
import { meta } from '../rules/unused-suppression';
import { isRuleEnabled, severityOverride } from './run-rules';
import type { DirectiveUse, Suppressions } from './suppression';
import type { AnalysisSettings, Finding } from './types';

/**
 * The findings for the directives of `suppressions` that silenced nothing,
 * once the file's findings have all been through `isSuppressed`. A comment
 * naming a rule the settings turn off is judged by what that rule would
 * report: `disabledFindings` runs those rules, only when the file has a
 * suppression comment at all.
 */
export function unusedSuppressionFindings(
  suppressions: Suppressions,
  text: string,
  rules: readonly Rule[],
  settings: AnalysisSettings,
  disabledFindings: (disabled: readonly Rule[]) => readonly Finding[],
): readonly Finding[] {
  if (!rules.some((candidate) => candidate.meta.id === meta.id) || !isRuleEnabled(meta, settings)) return [];
  if (suppressions.directives().length === 0) return [];
  const disabled = rules.filter((candidate) => candidate.meta.id !== meta.id && !isRuleEnabled(candidate.meta, settings));
  if (disabled.length > 0) for (const finding of disabledFindings(disabled)) suppressions.isSuppressed(finding);
  const known = new Set(rules.flatMap(({ meta: other }) => [other.id.toLowerCase(), other.code.toLowerCase()]));
  const override = severityOverride(meta, settings);
  const severity = override !== undefined && override !== 'off' ? override : meta.severity;
  const findings: Finding[] = [];
  for (const directive of suppressions.directives()) {
    const unused = unusedNames(directive);
    if (unused === null) continue;
    const whole = unused.length === 0 || unused.length === directive.selector?.length;
    const named =
      unused.length === 0 ? 'this comment' : unused.map((name) => `${/^wp\d+$/.test(name) ? name.toUpperCase() : name}${known.has(name) ? '' : ' (no such Whirlpool rule)'}`).join(', ');
    findings.push({
      rule: meta.id,
      code: meta.code,
      severity,
      message: `Suppression for ${named} silences nothing: no such finding is reported where it applies, so it would only hide a future one; remove ${whole ? 'the comment' : 'the unused names'}`,
      span: afterMarker(text, directive.comment),
      related: [],
      fixes: whole && directive.alone ? [{ title: 'Remove the unused suppression comment', safety: 'safe', edits: () => [removeComment(text, directive.comment)] }] : [],
      sparkVersion: null,
    });
  }
  // The comments above are asked too, so `# whirlpool: ignore-file[unused-suppression]` works.
  return findings.filter((finding) => !suppressions.isSuppressed(finding));
}

/** The Whirlpool names of a directive that silenced nothing ([] for a directive without names that did not), or null when it is in use or not ours to judge. */
function unusedNames(directive: DirectiveUse): readonly string[] | null {
  const selector = directive.selector;
  if (selector === null) {
    // A bare `# noqa` is every linter's: flake8's, Ruff's. Only a bare `whirlpool: ignore` is ours.
    if (directive.kind === 'noqa') return null;
    return directive.used.size === 0 ? [] : null;
  }
  // `# noqa: E501` names other tools' codes: only WPxxx codes are ours.
  const ours = directive.kind === 'noqa' ? selector.filter((name) => /^wp\d+$/.test(name)) : selector;
  if (ours.length === 0 || ours.some((name) => name === meta.id || name === meta.code.toLowerCase())) return null;
  const unused = ours.filter((name) => !directive.used.has(name));
  // A noqa also naming other tools' codes keeps them: the caller removes the whole comment only when every name is unused.
  return unused.length === 0 ? null : unused;
}

/** The comment without its marker (`# `, `// `): the finding underlines the directive. */
function afterMarker(text: string, comment: Span): Span {
  const marker = /^(#|\/\/|\/\*|<!--)\s*/.exec(text.slice(comment.start, comment.end));
  const start = Math.min(comment.end, comment.start + (marker?.[0].length ?? 0));
  return { start, end: comment.end };
}
