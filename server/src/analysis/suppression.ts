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
import { LineIndex, type Span } from '../model/span';
import type { Finding } from './types';
import { scalaBlocks, scalaCompoundStatements } from '../scala/statements';

/** Rule ids or codes a directive names; `null` names every rule. */
type Selector = readonly string[] | null;

interface Directive {
  readonly kind: 'ignore' | 'ignore-file' | 'noqa';
  readonly selector: Selector;
}

export interface Suppressions {
  /** Whether a comment silences `finding`; every directive that does records the use. */
  readonly isSuppressed: (finding: Finding) => boolean;
  /** Every directive found, with what it silenced through `isSuppressed` so far (for `unused-suppression`). */
  readonly directives: () => readonly DirectiveUse[];
}

/** One directive of a suppression comment, and the names it was used by. */
export interface DirectiveUse {
  readonly kind: Directive['kind'];
  /** Lower-case names the directive lists; null when it names every rule. */
  readonly selector: Selector;
  /** The whole comment, from its marker to its end. */
  readonly comment: Span;
  /** True when the comment holds this directive and nothing else, so removing the comment loses nothing. */
  readonly alone: boolean;
  /** The selector's names that silenced a finding (`*` for a directive without names that did). */
  readonly used: ReadonlySet<string>;
}

const nothingSuppressed: Suppressions = { isSuppressed: () => false, directives: () => [] };

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
    const directives = parseDirectives(comment.text);
    for (const directive of directives) {
      if (directive.kind === 'ignore-file' && !topLevel) continue;
      const span = { start: comment.startIndex, end: comment.endIndex };
      builder.add(directive, row, ownLine, (targetRow) => syntax.statementAt(root, lines, targetRow), { span, alone: isAlone(comment.text, directives) });
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
    const directives = parseDirectives(marker[0]);
    const start = lines.lineStart(row) + marker.index;
    const comment = { span: { start, end: start + marker[0].length }, alone: isAlone(marker[0], directives) };
    for (const directive of directives) builder.add(directive, row, ownLine, () => null, comment);
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

/** Whether a comment is exactly one directive: `# whirlpool: ignore[...]`, `// whirlpool: ignore-file`, `# noqa: WP801`. */
function isAlone(comment: string, directives: readonly Directive[]): boolean {
  if (directives.length !== 1) return false;
  const body = comment.trim().replace(/^(#|\/\/|\/\*|<!--)\s*/, '').replace(/\s*(\*\/|-->)$/, '');
  return /^(whirlpool\s*:\s*(ignore-file|ignore)(\s*\[[^\]]*\])?|noqa(\s*:\s*[A-Za-z]+\d+(\s*,?\s*[A-Za-z]+\d+)*)?)\s*$/i.test(body);
}

interface Entry {
  readonly kind: Directive['kind'];
  readonly selector: Selector;
  readonly comment: Span;
  readonly alone: boolean;
  readonly used: Set<string>;
}

/** Whether `entry` silences `finding`; records which of its names did. */
function silences(entry: Entry, finding: Finding): boolean {
  if (entry.selector === null) {
    entry.used.add('*');
    return true;
  }
  const names = entry.selector.filter((name) => name === finding.rule.toLowerCase() || name === finding.code.toLowerCase());
  for (const name of names) entry.used.add(name);
  return names.length > 0;
}

class SuppressionBuilder {
  private readonly entries: Entry[] = [];
  private readonly file: Entry[] = [];
  private readonly byLine = new Map<number, Entry[]>();
  private readonly bySpan: { start: number; end: number; entry: Entry }[] = [];

  constructor(private readonly lines: LineIndex) {}

  add(
    directive: Directive,
    row: number,
    ownLine: boolean,
    statementAt: (row: number) => { start: number; end: number } | null,
    comment: { readonly span: Span; readonly alone: boolean },
  ): void {
    const entry: Entry = { kind: directive.kind, selector: directive.selector, comment: comment.span, alone: comment.alone, used: new Set() };
    this.entries.push(entry);
    switch (directive.kind) {
      case 'ignore-file':
        this.file.push(entry);
        return;
      case 'noqa':
        this.addLine(row, entry);
        return;
      case 'ignore': {
        const target = ownLine ? row + 1 : row;
        this.addLine(target, entry);
        const statement = statementAt(target);
        if (statement) this.bySpan.push({ ...statement, entry });
        return;
      }
      default: {
        const unreachable: never = directive.kind;
        return unreachable;
      }
    }
  }

  build(): Suppressions {
    const { entries, file, byLine, bySpan, lines } = this;
    if (entries.length === 0) return nothingSuppressed;
    return {
      isSuppressed(finding) {
        // Every matching directive is asked (no short cut), so each records its use.
        let silenced = false;
        for (const entry of file) silenced = silences(entry, finding) || silenced;
        const row = lines.position(finding.span.start).line;
        for (const entry of byLine.get(row) ?? []) silenced = silences(entry, finding) || silenced;
        for (const range of bySpan) {
          if (range.start <= finding.span.start && finding.span.start < range.end) silenced = silences(range.entry, finding) || silenced;
        }
        return silenced;
      },
      directives: () => entries,
    };
  }

  private addLine(row: number, entry: Entry): void {
    const list = this.byLine.get(row);
    if (list) list.push(entry);
    else this.byLine.set(row, [entry]);
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

/** The span of the Scala statement (a `val`, a call chain) that starts on `row`, if one does. */
function scalaStatementSpanAt(root: SyntaxNode, lines: LineIndex, row: number): { start: number; end: number } | null {
  if (row >= lines.lineCount) return null;
  const lineText = lines.lineText(row);
  const indent = lineText.length - lineText.trimStart().length;
  if (indent === lineText.length) return null;
  const offset = lines.lineStart(row) + indent;
  // An empty range at a node's start can resolve to the enclosing block in tree-sitter-scala: ask for the first character.
  let node: SyntaxNode | null = root.descendantForIndex(offset, offset + 1);
  while (node && node.startIndex === offset && node.parent && !scalaBlocks.has(node.parent.type)) node = node.parent;
  if (!node || node.startIndex !== offset || !node.parent || !scalaBlocks.has(node.parent.type)) return null;
  return scalaCompoundStatements.has(node.type) ? null : { start: node.startIndex, end: node.endIndex };
}
