// Suppression comments: how a user silences a finding in the code itself.
//
//   # whirlpool: ignore[rule-id, WP801]   on the finding's line, or alone on the line above
//   # whirlpool: ignore                   every rule, same places
//   # whirlpool: ignore-file[rule-id]     anywhere at top level: the whole file
//   # noqa: WP801 / # noqa                on the finding's line (flake8 habit)
//
// A `whirlpool: ignore` comment on the first line of a simple statement (or
// alone on the line above it) covers the whole statement, so one comment
// silences a multi-line parenthesised or backslash-continued chain. Compound
// statements (def, class, if, with, ...) are not covered whole: a comment
// above a function must not silence its body.
//
// In Python and Scala (`// whirlpool: ignore[...]`) the comments are found
// through the syntax tree's comment nodes, so a directive inside a string
// literal is text, not a suppression. Build files have no syntax tree here; their comments are found
// by their markers (`#`, `//`, `<!--`) on each line.

import type { SyntaxNode } from '../syntax/tree-sitter';
import { LineIndex } from '../model/span';
import type { Finding } from './types';

/** Rule ids or codes a directive names; `null` names every rule. */
type Selector = readonly string[] | null;

interface Directive {
  readonly kind: 'ignore' | 'ignore-file' | 'noqa';
  readonly selector: Selector;
}

export interface Suppressions {
  readonly isSuppressed: (finding: Finding) => boolean;
}

const nothingSuppressed: Suppressions = { isSuppressed: () => false };

/** How one language writes comments and statements, for the tree-based scan. */
interface CommentSyntax {
  /** What an own-line comment starts with. */
  readonly marker: string;
  readonly commentTypes: ReadonlySet<string>;
  /** The type of the file's root node: comments directly under it are at top level. */
  readonly rootType: string;
  readonly statementAt: (root: SyntaxNode, lines: LineIndex, row: number) => { start: number; end: number } | null;
}

/** Finds the suppression comments of a Python file through its syntax tree. */
export function pythonSuppressions(root: SyntaxNode, text: string): Suppressions {
  return treeSuppressions(root, text, { marker: '#', commentTypes: new Set(['comment']), rootType: 'module', statementAt: statementSpanAt });
}

/**
 * Finds the suppression comments of a Scala file (`// whirlpool: ignore[...]`,
 * also in block comments) through its syntax tree.
 */
export function scalaSuppressions(root: SyntaxNode, text: string): Suppressions {
  return treeSuppressions(root, text, {
    marker: '/',
    commentTypes: new Set(['comment', 'block_comment']),
    rootType: 'compilation_unit',
    statementAt: scalaStatementSpanAt,
  });
}

function treeSuppressions(root: SyntaxNode, text: string, syntax: CommentSyntax): Suppressions {
  // Most files have none: skip the scan unless a keyword appears at all.
  if (!/whirlpool\s*:|noqa/i.test(text)) return nothingSuppressed;
  const lines = new LineIndex(text);
  const builder = new SuppressionBuilder(lines);
  const seen = new Set<number>();
  const keyword = /whirlpool\s*:|noqa/gi;
  for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
    const comment = root.descendantForIndex(match.index);
    if (!comment || !syntax.commentTypes.has(comment.type) || seen.has(comment.startIndex)) continue;
    seen.add(comment.startIndex);
    const row = lines.position(comment.startIndex).line;
    const ownLine = lines.lineText(row).trimStart().startsWith(syntax.marker);
    const topLevel = comment.parent?.type === syntax.rootType;
    for (const directive of parseDirectives(comment.text)) {
      if (directive.kind === 'ignore-file' && !topLevel) continue;
      builder.add(directive, row, ownLine, (targetRow) => syntax.statementAt(root, lines, targetRow));
    }
  }
  return builder.build();
}

/** Finds suppression comments in a build file (requirements.txt, pom.xml, build.sbt, ...), line by line. */
export function buildFileSuppressions(text: string): Suppressions {
  if (!/whirlpool\s*:|noqa/i.test(text)) return nothingSuppressed;
  const lines = new LineIndex(text);
  const builder = new SuppressionBuilder(lines);
  for (let row = 0; row < lines.lineCount; row++) {
    const line = lines.lineText(row);
    const marker = /(#|\/\/|<!--)(.*)$/.exec(line);
    if (!marker) continue;
    const ownLine = line.slice(0, marker.index).trim() === '';
    for (const directive of parseDirectives(marker[0])) builder.add(directive, row, ownLine, () => null);
  }
  return builder.build();
}

/** Parses the directives in one comment's text. */
export function parseDirectives(comment: string): readonly Directive[] {
  const directives: Directive[] = [];
  const whirlpool = /whirlpool\s*:\s*(ignore-file|ignore)\b(?:\s*\[([^\]]*)\])?/gi;
  for (let match = whirlpool.exec(comment); match; match = whirlpool.exec(comment)) {
    const kind = (match[1] ?? '').toLowerCase() === 'ignore-file' ? 'ignore-file' : 'ignore';
    directives.push({ kind, selector: match[2] === undefined ? null : splitSelector(match[2]) });
  }
  const noqa = /(?:^|[#\s])noqa\b(?:\s*:\s*([A-Za-z]+\d+(?:\s*,?\s*[A-Za-z]+\d+)*))?/i.exec(comment);
  if (noqa) directives.push({ kind: 'noqa', selector: noqa[1] === undefined ? null : splitSelector(noqa[1]) });
  return directives;
}

function splitSelector(list: string): Selector {
  const names = list
    .split(/[\s,]+/)
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  return names;
}

function selects(selector: Selector, finding: Finding): boolean {
  if (selector === null) return true;
  return selector.includes(finding.rule.toLowerCase()) || selector.includes(finding.code.toLowerCase());
}

class SuppressionBuilder {
  private readonly file: Selector[] = [];
  private readonly byLine = new Map<number, Selector[]>();
  private readonly bySpan: { start: number; end: number; selector: Selector }[] = [];

  constructor(private readonly lines: LineIndex) {}

  add(directive: Directive, row: number, ownLine: boolean, statementAt: (row: number) => { start: number; end: number } | null): void {
    switch (directive.kind) {
      case 'ignore-file':
        this.file.push(directive.selector);
        return;
      case 'noqa':
        this.addLine(row, directive.selector);
        return;
      case 'ignore': {
        const target = ownLine ? row + 1 : row;
        this.addLine(target, directive.selector);
        const statement = statementAt(target);
        if (statement) this.bySpan.push({ ...statement, selector: directive.selector });
        return;
      }
      default: {
        const unreachable: never = directive.kind;
        return unreachable;
      }
    }
  }

  build(): Suppressions {
    const { file, byLine, bySpan, lines } = this;
    if (file.length === 0 && byLine.size === 0 && bySpan.length === 0) return nothingSuppressed;
    return {
      isSuppressed(finding) {
        if (file.some((selector) => selects(selector, finding))) return true;
        const row = lines.position(finding.span.start).line;
        if (byLine.get(row)?.some((selector) => selects(selector, finding))) return true;
        return bySpan.some(
          (range) => range.start <= finding.span.start && finding.span.start < range.end && selects(range.selector, finding),
        );
      },
    };
  }

  private addLine(row: number, selector: Selector): void {
    const list = this.byLine.get(row);
    if (list) list.push(selector);
    else this.byLine.set(row, [selector]);
  }
}

/** Simple statements: the ones a suppression comment covers whole. */
const simpleStatements = new Set([
  'expression_statement',
  'return_statement',
  'assert_statement',
  'delete_statement',
  'raise_statement',
  'global_statement',
  'nonlocal_statement',
  'type_alias_statement',
  'print_statement',
  'exec_statement',
]);

/** The span of the simple statement that starts on `row`, if one does. */
function statementSpanAt(root: SyntaxNode, lines: LineIndex, row: number): { start: number; end: number } | null {
  if (row >= lines.lineCount) return null;
  const lineText = lines.lineText(row);
  const indent = lineText.length - lineText.trimStart().length;
  if (indent === lineText.length) return null;
  const offset = lines.lineStart(row) + indent;
  let node: SyntaxNode | null = root.descendantForIndex(offset);
  let statement: SyntaxNode | null = null;
  while (node && node.startIndex === offset && node.type !== 'module' && node.type !== 'block') {
    if (simpleStatements.has(node.type)) statement = node;
    node = node.parent;
  }
  return statement ? { start: statement.startIndex, end: statement.endIndex } : null;
}

const scalaBlocks = new Set(['compilation_unit', 'template_body', 'block', 'indented_block']);
/** Scala statements a comment does not cover whole: a comment above a definition must not silence its body. */
const scalaCompoundStatements = new Set([
  'function_definition', 'object_definition', 'class_definition', 'trait_definition', 'package_object', 'if_expression',
  'for_expression', 'while_expression', 'try_expression', 'match_expression', 'block',
]);

/** The span of the Scala statement (a `val`, a call chain) that starts on `row`, if one does. */
function scalaStatementSpanAt(root: SyntaxNode, lines: LineIndex, row: number): { start: number; end: number } | null {
  if (row >= lines.lineCount) return null;
  const lineText = lines.lineText(row);
  const indent = lineText.length - lineText.trimStart().length;
  if (indent === lineText.length) return null;
  const offset = lines.lineStart(row) + indent;
  let node: SyntaxNode | null = root.descendantForIndex(offset);
  while (node && node.startIndex === offset && node.parent && !scalaBlocks.has(node.parent.type)) node = node.parent;
  if (!node || node.startIndex !== offset || !node.parent || !scalaBlocks.has(node.parent.type)) return null;
  return scalaCompoundStatements.has(node.type) ? null : { start: node.startIndex, end: node.endIndex };
}
