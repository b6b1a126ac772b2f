// Keeps the fixes a Scala file is offered to those that write Scala. Most
// fixes edit chains in a language-neutral way (insert `.option(...)`, replace a
// string, remove a step) and the rules that build text know the model's
// language, but a fix that only knows Python must never reach a Scala file.
// So every fix on a Scala file is checked once: its new text must not be
// Python-only syntax, and the file with its edits applied must parse as Scala
// with no more errors than before.

import type { Finding, Fix, TextEdit } from '../analysis/types';
import { applyEdits } from '../fixes/apply-edits';
import { parserForLanguage, type Language, type Parser, type SyntaxNode } from '../syntax/tree-sitter';
import { scalaParseText } from './read-tree';

/** Python spellings no Scala fix writes: keyword arguments with Python constants, `def f(...):`, lambdas, `#` comments, docstrings, `F.` calls. */
const pythonOnly = /=\s*(?:True|False|None)\b|\bdef\s+\w+\s*\([^)]*\)\s*:|\blambda\b|^[ \t]*#|"""|'''|\bF\.\w+\(/m;

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
  const errorsBefore = countErrors(root);
  return findings.map((finding) => (finding.fixes.length === 0 ? finding : { ...finding, fixes: finding.fixes.flatMap((fix) => checked(fix, parser, text, errorsBefore)) }));
}

function checked(fix: Fix, parser: Parser, text: string, errorsBefore: number): Fix[] {
  let edits: readonly TextEdit[];
  try {
    edits = fix.edits();
  } catch {
    return [];
  }
  if (edits.some((edit) => pythonOnly.test(edit.newText))) return [];
  const tree = parser.parse(scalaParseText(applyEdits(text, edits)));
  if (!tree) return [];
  try {
    if (countErrors(tree.rootNode) > errorsBefore) return [];
  } finally {
    tree.delete();
  }
  return [{ ...fix, edits: () => edits }];
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
