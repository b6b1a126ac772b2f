// Keeps the fixes a Scala file is offered to those that write Scala. Most
// fixes edit chains in a language-neutral way (insert `.option(...)`, replace a
// string, remove a step) and the rules that build text know the model's
// language, but a fix that only knows Python must never reach a Scala file.
// So every fix on a Scala file is checked once: its new text must not be
// Python-only syntax, and the statement its edits fall in, edited, must parse
// as Scala with no more errors than before. Parsing the statement, not the
// file, keeps the check linear: a file with a hundred findings would
// otherwise be parsed a hundred times per lint.

import type { Finding, Fix, TextEdit } from '../analysis/types';
import { applyEdits } from '../fixes/apply-edits';
import { parserForLanguage, type Language, type Parser, type SyntaxNode } from '../syntax/tree-sitter';
import { scalaParseText } from './read-tree';
import { scalaBlocks } from './statements';

/** Python spellings no Scala fix writes: keyword arguments with Python constants, `def f(...):`, lambdas, `#` comments, `F.` calls. */
const pythonOnly = /=\s*(?:True|False|None)\b|\bdef\s+\w+\s*\([^)]*\)\s*:|\blambda\b|^[ \t]*#|\bF\.\w+\(/m;

const parsers = new WeakMap<Language, Parser>();

/** The findings with every fix that does not write valid Scala removed; the kept fixes' edits are computed once. */
export function scalaFixesOnly(findings: readonly Finding[], root: SyntaxNode, text: string): Finding[] {
  if (findings.every((finding) => finding.fixes.length === 0)) return [...findings];
  const language = root.tree.language;
  let parser = parsers.get(language);
  if (!parser) {
    parser = parserForLanguage(language);
    parsers.set(language, parser);
  }
  const checker = new FixChecker(parser, root, text);
  return findings.map((finding) => (finding.fixes.length === 0 ? finding : { ...finding, fixes: finding.fixes.flatMap((fix) => checker.check(fix)) }));
}

class FixChecker {
  /** Parse errors of each statement's own text, by its start offset. */
  private readonly errorsBefore = new Map<number, number>();

  constructor(
    private readonly parser: Parser,
    private readonly root: SyntaxNode,
    private readonly text: string,
  ) {}

  check(fix: Fix): Fix[] {
    let edits: readonly TextEdit[];
    try {
      edits = fix.edits();
    } catch {
      return [];
    }
    if (edits.length === 0 || edits.some((edit) => pythonOnly.test(edit.newText))) return [];
    const start = Math.min(...edits.map((edit) => edit.span.start));
    const end = Math.max(...edits.map((edit) => edit.span.end));
    const statement = statementAround(this.root, start, end);
    const from = statement.startIndex;
    const original = this.text.slice(from, statement.endIndex);
    let before = this.errorsBefore.get(from);
    if (before === undefined) {
      before = this.errorsOf(original);
      this.errorsBefore.set(from, before);
    }
    const shifted = edits.map((edit) => ({ ...edit, span: { start: edit.span.start - from, end: edit.span.end - from } }));
    return this.errorsOf(applyEdits(original, shifted)) > before ? [] : [{ ...fix, edits: () => edits }];
  }

  private errorsOf(source: string): number {
    const tree = this.parser.parse(scalaParseText(source));
    if (!tree) return Number.POSITIVE_INFINITY;
    try {
      return countErrors(tree.rootNode);
    } finally {
      tree.delete();
    }
  }
}

/** The statement (a child of a block) that holds the range, or the root when the range spans statements. */
function statementAround(root: SyntaxNode, start: number, end: number): SyntaxNode {
  let node: SyntaxNode | null = root.descendantForIndex(start, Math.max(start, end));
  while (node && node.parent && !(scalaBlocks.has(node.parent.type) && node.startIndex <= start && end <= node.endIndex)) node = node.parent;
  // An edit at a statement's edge (an insertion just before it) is checked with the whole file.
  return node && node.parent && node.startIndex < start && end < node.endIndex ? node : root;
}

/** ERROR and MISSING nodes, visiting only subtrees that have some. */
function countErrors(root: SyntaxNode): number {
  if (!root.hasError) return 0;
  let count = 0;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) count++;
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) stack.push(child);
  }
  return count;
}
