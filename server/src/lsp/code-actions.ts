// Fixes as LSP code actions: every fix a finding carries is offered as a quick
// fix on its diagnostic (unsafe ones too: the user picks them), and
// `source.fixAll.whirlpool` applies the safe ones at once, as editors do on
// save. Display-only fixes are templates with placeholders and are never
// offered as edits.

import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { Finding, Fix, TextEdit } from '../analysis/types';
import type { LineIndex } from '../model/span';
import { toRange } from './diagnostics';

export const fixAllKind = 'source.fixAll.whirlpool';

export interface CodeActionRequest {
  readonly uri: string;
  readonly range: Range;
  /** The kinds the client asks for; absent means any. */
  readonly only: readonly string[] | undefined;
  /** The client's diagnostics in the range, to attach to the quick fixes that resolve them. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface CodeActionOptions {
  /** Rules (ids or codes) whose safe fixes fix-all leaves alone. */
  readonly neverOnSave: readonly string[];
  /** Called when a rule's fix throws while computing its edits. */
  readonly onFixError: (rule: string, error: unknown) => void;
}

export function codeActions(
  findings: readonly Finding[],
  index: LineIndex,
  request: CodeActionRequest,
  options: CodeActionOptions,
): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wants(request.only, CodeActionKind.QuickFix)) actions.push(...quickFixes(findings, index, request, options));
  if (request.only !== undefined && wants(request.only, fixAllKind)) {
    const fixAll = fixAllAction(findings, index, request.uri, options);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Whether a requested kind list admits `kind` (LSP kinds are hierarchical: `source` admits `source.fixAll.whirlpool`). */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((requested) => requested === '' || kind === requested || kind.startsWith(`${requested}.`));
}

function quickFixes(findings: readonly Finding[], index: LineIndex, request: CodeActionRequest, options: CodeActionOptions): CodeAction[] {
  const start = index.offset(request.range.start);
  const end = index.offset(request.range.end);
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    // Touching counts: a cursor at either end of the finding still offers its fixes.
    if (finding.span.start > end || finding.span.end < start) continue;
    const range = toRange(finding.span, index);
    const diagnostics = request.diagnostics.filter((diagnostic) => diagnostic.code === finding.code && sameRange(diagnostic.range, range));
    let preferred = true;
    for (const fix of finding.fixes) {
      if (fix.safety === 'display-only') continue;
      const edits = editsOf(fix, finding.rule, options);
      if (!edits || edits.length === 0) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        ...(diagnostics.length > 0 ? { diagnostics } : {}),
        // The first safe fix is the one an editor's "auto fix" picks.
        ...(fix.safety === 'safe' && preferred ? { isPreferred: true } : {}),
        edit: { changes: { [request.uri]: edits.map((edit) => toLspEdit(edit, index)) } },
      });
      if (fix.safety === 'safe') preferred = false;
    }
  }
  return actions;
}

/** One action with every safe fix whose edits do not overlap an earlier one's. */
function fixAllAction(findings: readonly Finding[], index: LineIndex, uri: string, options: CodeActionOptions): CodeAction | null {
  const excluded = new Set(options.neverOnSave.map((rule) => rule.toLowerCase()));
  const accepted: TextEdit[] = [];
  const ordered = [...findings].sort((a, b) => a.span.start - b.span.start);
  for (const finding of ordered) {
    if (excluded.has(finding.rule.toLowerCase()) || excluded.has(finding.code.toLowerCase())) continue;
    const fix = finding.fixes.find((candidate) => candidate.safety === 'safe');
    if (!fix) continue;
    const edits = editsOf(fix, finding.rule, options);
    if (!edits || edits.length === 0) continue;
    // Two fixes touching the same text cannot both apply; the later one waits for the next save.
    if (edits.some((edit) => accepted.some((taken) => overlaps(edit, taken)))) continue;
    accepted.push(...edits);
  }
  if (accepted.length === 0) return null;
  return {
    title: 'Fix all Whirlpool problems',
    kind: fixAllKind,
    edit: { changes: { [uri]: accepted.sort((a, b) => a.span.start - b.span.start).map((edit) => toLspEdit(edit, index)) } },
  };
}

function editsOf(fix: Fix, rule: string, options: CodeActionOptions): readonly TextEdit[] | null {
  try {
    return fix.edits();
  } catch (error) {
    options.onFixError(rule, error);
    return null;
  }
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point conflict too: their order would be arbitrary.
  if (a.span.start === b.span.start) return true;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

function toLspEdit(edit: TextEdit, index: LineIndex): LspTextEdit {
  return { range: toRange(edit.span, index), newText: edit.newText };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
