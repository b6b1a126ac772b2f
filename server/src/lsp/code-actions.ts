// Fixes as LSP code actions: every fix a finding carries is offered as a quick
// fix on its diagnostic (unsafe ones too, marked "(unsafe)": the user picks
// them; only safe ones are preferred), plus "Disable <rule> for this
// statement / file" and "Show documentation for <rule>". A client that can
// resolve code actions gets them without edits, and `codeAction/resolve`
// computes the edit from the document as it is then (an action made for an
// older version resolves to no edit). `source.fixAll.whirlpool` applies the
// safe fixes at once, as editors do on save. Display-only fixes are templates
// with `<placeholders>`: offered for the user to insert and fill in, marked
// "(template: ...)", never preferred and never part of fix-all.

import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { Finding, Fix, TextEdit } from '../analysis/types';
import { compatibleGroups } from '../fixes/apply-edits';
import { disableForFile, disableForStatement, pythonPlacement, type SuppressionPlacement } from '../fixes/suppression-edits';
import type { LineIndex } from '../model/span';
import { toRange } from './diagnostics';

export const fixAllKind = 'source.fixAll.whirlpool';
/** The server command that opens a rule's documentation (argument: the URL). */
export const showDocumentationCommand = 'whirlpool.showRuleDocumentation';

export interface CodeActionRequest {
  readonly uri: string;
  readonly range: Range;
  /** The kinds the client asks for; absent means any. */
  readonly only: readonly string[] | undefined;
  /** The client's diagnostics in the range, to attach to the quick fixes that resolve them. */
  readonly diagnostics: readonly Diagnostic[];
  /** The document's version when the client resolves edits lazily; null to compute edits now. */
  readonly lazyVersion?: number | null;
  /** The document's text, for suppression comments; none offered without it. */
  readonly text?: string;
  /** Where suppression comments go in it: Python's when absent. */
  readonly placement?: () => SuppressionPlacement;
}

export interface CodeActionOptions {
  /** Rules (ids or codes) whose safe fixes fix-all leaves alone. */
  readonly neverOnSave: readonly string[];
  /** Called when a rule's fix throws while computing its edits. */
  readonly onFixError: (rule: string, error: unknown) => void;
  /** The documentation URL of a rule id, for "Show documentation"; none offered without it. */
  readonly documentationUrl?: (rule: string) => string | null;
}

/** What a lazily resolved action carries to find its edit again. */
export interface ResolveData {
  readonly uri: string;
  readonly version: number;
  readonly code: string;
  readonly start: number;
  readonly end: number;
  /** Index in the finding's fixes, or `statement` / `file` for the suppression actions. */
  readonly fix: number | 'statement' | 'file';
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

/**
 * Fills in the edit of an action made lazily, from the findings of the
 * document as it is now. A document changed since the action was made gets
 * no edit: its offsets no longer mean the same thing.
 */
export function resolveCodeAction(
  action: CodeAction,
  current: { readonly version: number; readonly text: string; readonly findings: readonly Finding[]; readonly index: LineIndex; readonly placement?: () => SuppressionPlacement },
  options: CodeActionOptions,
): CodeAction {
  const data = action.data as Partial<ResolveData> | undefined;
  if (!data || typeof data.uri !== 'string' || data.version !== current.version) return action;
  const finding = current.findings.find((candidate) => candidate.code === data.code && candidate.span.start === data.start && candidate.span.end === data.end);
  if (!finding) return action;
  const edits = editsFor(finding, data.fix ?? -1, current.text, current.placement ?? (() => pythonPlacement(current.text)), options);
  if (!edits || edits.length === 0) return action;
  return { ...action, edit: { changes: { [data.uri]: edits.map((edit) => toLspEdit(edit, current.index)) } } };
}

/** Whether a requested kind list admits `kind` (LSP kinds are hierarchical: `source` admits `source.fixAll.whirlpool`). */
function wants(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((requested) => requested === '' || kind === requested || kind.startsWith(`${requested}.`));
}

function quickFixes(findings: readonly Finding[], index: LineIndex, request: CodeActionRequest, options: CodeActionOptions): CodeAction[] {
  const start = index.offset(request.range.start);
  const end = index.offset(request.range.end);
  const actions: CodeAction[] = [];
  const lazy = request.lazyVersion ?? null;
  const text = request.text;
  const documented = new Set<string>();
  // Scanned once per request, not per finding: a file with thousands of findings would otherwise take minutes.
  let placement: SuppressionPlacement | null = null;
  const placementOfText = (): SuppressionPlacement => (placement ??= request.placement?.() ?? pythonPlacement(text ?? ''));
  const diagnosticsAt = new Map<string, Diagnostic[]>();
  for (const diagnostic of request.diagnostics) {
    const key = diagnosticKey(diagnostic.code, diagnostic.range);
    const same = diagnosticsAt.get(key);
    if (same) same.push(diagnostic);
    else diagnosticsAt.set(key, [diagnostic]);
  }
  for (const finding of findings) {
    // Touching counts: a cursor at either end of the finding still offers its fixes.
    if (finding.span.start > end || finding.span.end < start) continue;
    const range = toRange(finding.span, index);
    const diagnostics = diagnosticsAt.get(diagnosticKey(finding.code, range));
    const attached = diagnostics ? { diagnostics } : {};
    const action = (title: string, fix: ResolveData['fix'], extra: Partial<CodeAction> = {}): CodeAction | null => {
      const base: CodeAction = { title, kind: CodeActionKind.QuickFix, ...attached, ...extra };
      if (lazy !== null) {
        const data: ResolveData = { uri: request.uri, version: lazy, code: finding.code, start: finding.span.start, end: finding.span.end, fix };
        return { ...base, data };
      }
      const edits = editsFor(finding, fix, text ?? '', placementOfText, options);
      if (!edits || edits.length === 0) return null;
      return { ...base, edit: { changes: { [request.uri]: edits.map((edit) => toLspEdit(edit, index)) } } };
    };
    let preferred = true;
    finding.fixes.forEach((fix, fixIndex) => {
      // The first safe fix is the one an editor's "auto fix" picks; an unsafe fix says so in its title, and a
      // display-only template is offered for the user to insert and fill in, never preferred nor in fix-all.
      const extra = fix.safety === 'safe' && preferred ? { isPreferred: true } : {};
      const made = action(titleOf(fix), fixIndex, extra);
      if (made) actions.push(made);
      if (fix.safety === 'safe') preferred = false;
    });
    if (text !== undefined && finding.rule !== 'unused-suppression') {
      // No comment above covers an offset in, say, a Scala def's header: only the file-level one is offered there.
      const statement = placementOfText().statementLineStart(finding.span.start) === null ? null : action(`Disable ${finding.rule} for this statement`, 'statement');
      if (statement) actions.push(statement);
      const file = action(`Disable ${finding.rule} for this file`, 'file');
      if (file) actions.push(file);
    }
    const url = options.documentationUrl && !documented.has(finding.rule) ? options.documentationUrl(finding.rule) : null;
    if (url !== null) {
      documented.add(finding.rule);
      actions.push({ title: `Show documentation for ${finding.rule}`, kind: CodeActionKind.QuickFix, command: { title: `Show documentation for ${finding.rule}`, command: showDocumentationCommand, arguments: [url] } });
    }
  }
  return actions;
}

function editsFor(finding: Finding, fix: ResolveData['fix'], text: string, placement: () => SuppressionPlacement, options: CodeActionOptions): readonly TextEdit[] | null {
  if (fix === 'statement') {
    const edit = disableForStatement(text, finding.span.start, finding.rule, placement());
    return edit === null ? null : [edit];
  }
  if (fix === 'file') return [disableForFile(text, finding.rule, placement())];
  const chosen = finding.fixes[fix];
  if (!chosen) return null;
  return editsOf(chosen, finding.rule, options);
}

/** A quick fix's title: unsafe fixes and templates say what they are. */
function titleOf(fix: Fix): string {
  switch (fix.safety) {
    case 'safe':
      return fix.title;
    case 'unsafe':
      return `${fix.title} (unsafe)`;
    case 'display-only':
      return `${fix.title} (template: fill in the <placeholders>)`;
    default: {
      const unknown: never = fix.safety;
      return unknown;
    }
  }
}

/** One action with every safe fix whose edits do not overlap an earlier one's. */
function fixAllAction(findings: readonly Finding[], index: LineIndex, uri: string, options: CodeActionOptions): CodeAction | null {
  const excluded = new Set(options.neverOnSave.map((rule) => rule.toLowerCase()));
  const groups: (readonly TextEdit[])[] = [];
  const ordered = [...findings].sort((a, b) => a.span.start - b.span.start);
  for (const finding of ordered) {
    if (excluded.has(finding.rule.toLowerCase()) || excluded.has(finding.code.toLowerCase())) continue;
    const fix = finding.fixes.find((candidate) => candidate.safety === 'safe');
    if (!fix) continue;
    const edits = editsOf(fix, finding.rule, options);
    if (edits && edits.length > 0) groups.push(edits);
  }
  // Two fixes touching the same text cannot both apply; the later one waits for the next save.
  const accepted = compatibleGroups(groups).flatMap((picked) => groups[picked] ?? []);
  if (accepted.length === 0) return null;
  return {
    title: 'Fix all Whirlpool problems',
    kind: fixAllKind,
    edit: { changes: { [uri]: [...accepted].sort((a, b) => a.span.start - b.span.start).map((edit) => toLspEdit(edit, index)) } },
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

function toLspEdit(edit: TextEdit, index: LineIndex): LspTextEdit {
  return { range: toRange(edit.span, index), newText: edit.newText };
}

/** The client's diagnostics that belong to a finding: the same code over the same range. */
function diagnosticKey(code: Diagnostic['code'], range: Range): string {
  return `${String(code)}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
