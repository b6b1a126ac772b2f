// Statements in tree-sitter-scala's tree, as suppression comments and fixes
// see them: a statement is a child of a block-like node (the file, an
// object's or class's body, a `{ ... }` block), and a comment on its own line
// above a statement covers all of it unless it is a compound one, whose body
// holds statements of its own.

import type { SyntaxNode } from '../syntax/tree-sitter';

/** Nodes whose children are statements. */
export const scalaBlocks: ReadonlySet<string> = new Set(['compilation_unit', 'template_body', 'block', 'indented_block']);

/** Statements a comment does not cover whole: a comment above a definition must not silence its body. */
export const scalaCompoundStatements: ReadonlySet<string> = new Set([
  'function_definition', 'object_definition', 'class_definition', 'trait_definition', 'package_object', 'if_expression',
  'for_expression', 'while_expression', 'try_expression', 'match_expression', 'block',
]);

/**
 * The innermost statement holding `offset` that a comment above it covers
 * whole (a `val`, a call chain, however many lines it spans); null when the
 * offset is in a compound statement's own header or outside any statement.
 */
export function scalaStatementAt(root: SyntaxNode, offset: number): SyntaxNode | null {
  let node: SyntaxNode | null = root.descendantForIndex(offset, offset + 1);
  while (node && node.parent && !scalaBlocks.has(node.parent.type)) node = node.parent;
  if (!node || !node.parent || node === root) return null;
  return scalaCompoundStatements.has(node.type) ? null : node;
}
