// Turns tree-sitter's module node into `ast.ts` statements, crossing into
// wasm per statement, not per token: tree-sitter gives the statements and
// blocks, the text reader (`parse-statement.ts`) reads each simple statement
// and each header expression. Statements that contain syntax errors are cut
// into lines and read tolerantly, so half-typed code still yields a model.

import type { LoweringProblem } from '../model/pipeline';
import type { SyntaxNode } from '../syntax/tree-sitter';
import type { PyExpr, PyParam, PyStmt } from './ast';
import { maxNesting, readExpression, readParameters, readSimpleStatement, readStatementTolerantly, type ReadResult } from './parse-statement';
import type { StatementCache } from './statement-cache';

export interface ReadModule {
  readonly statements: readonly PyStmt[];
  readonly problems: readonly LoweringProblem[];
}

/** Deepest nesting of blocks (`def` in `if` in `for` ...) that is read. */
const maxBlockNesting = 100;
/** Syntax problems reported per file; the rest are summarised in one. */
const maxSyntaxProblems = 50;

const simpleStatementTypes = new Set([
  'expression_statement',
  'return_statement',
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'pass_statement',
  'break_statement',
  'continue_statement',
  'delete_statement',
  'assert_statement',
  'raise_statement',
  'global_statement',
  'nonlocal_statement',
  'print_statement',
  'exec_statement',
]);

const compoundKeywords = /^(?:def|class|if|elif|else|for|while|with|try|except|finally|async|match|case|@)\b/;

/** With a cache, top-level statements whose text is unchanged since the last run are not read again. */
export function readModule(root: SyntaxNode, text: string, cache: StatementCache | null = null): ReadModule {
  const reader = new TreeReader(text, root.hasError);
  try {
    const statements = cache ? reader.cachedModule(root, cache) : reader.block(root, 0);
    if (root.hasError) reader.collectSyntaxProblems(root);
    return { statements, problems: reader.problems };
  } finally {
    cache?.endRun();
  }
}

class TreeReader {
  readonly problems: LoweringProblem[] = [];
  private syntaxProblems = 0;

  constructor(
    private readonly text: string,
    private readonly anyError: boolean,
  ) {}

  block(node: SyntaxNode, depth: number): PyStmt[] {
    const statements: PyStmt[] = [];
    if (depth > maxBlockNesting) {
      this.unsupported(`blocks nested more than ${maxBlockNesting} deep are not analysed`, node.startIndex, node.endIndex);
      return statements;
    }
    for (const child of node.namedChildren) {
      if (!child) continue;
      // `type` crosses into wasm on every read: read once, handed on.
      const type = child.type;
      if (type !== 'comment') this.statement(child, type, depth, statements);
    }
    return statements;
  }

  /** The module's statements, each top-level one taken from the cache when its text and column are unchanged. */
  cachedModule(root: SyntaxNode, cache: StatementCache): PyStmt[] {
    const statements: PyStmt[] = [];
    for (const child of root.namedChildren) {
      if (!child) continue;
      const type = child.type;
      if (type === 'comment') continue;
      // A statement with errors is read by lines, from what tree-sitter made of its surroundings: always read again.
      if (this.anyError && child.hasError) {
        this.statement(child, type, 0, statements);
        continue;
      }
      const start = child.startIndex;
      const key = `${columnOf(this.text, start)}:${this.text.slice(start, child.endIndex)}`;
      const cached = cache.take(key, start);
      if (cached) {
        statements.push(...cached.statements);
        this.problems.push(...cached.problems);
        continue;
      }
      const statementsBefore = statements.length;
      const problemsBefore = this.problems.length;
      this.statement(child, type, 0, statements);
      cache.store(key, start, { statements: statements.slice(statementsBefore), problems: this.problems.slice(problemsBefore) });
    }
    return statements;
  }

  private statement(node: SyntaxNode, type: string, depth: number, out: PyStmt[]): void {
    const start = node.startIndex;
    const end = node.endIndex;
    if (type === 'ERROR' || (this.anyError && simpleStatementTypes.has(type) && node.hasError)) {
      this.recover(start, end, out);
      return;
    }
    if (simpleStatementTypes.has(type)) {
      const result = readSimpleStatement(this.text, start, end);
      if (result.kind === 'ok') out.push(result.value);
      else if (result.kind === 'tooDeep') this.tooDeep(result.at, start, end, out);
      else this.recover(start, end, out);
      return;
    }
    switch (type) {
      case 'function_definition':
        out.push(this.functionDefinition(node, [], depth));
        return;
      case 'decorated_definition': {
        const decorators: PyExpr[] = [];
        let definition: SyntaxNode | null = null;
        for (const child of node.namedChildren) {
          if (!child) continue;
          const childType = child.type;
          if (childType === 'decorator') decorators.push(this.expression(child.startIndex + 1, child.endIndex));
          else if (childType === 'function_definition' || childType === 'class_definition') definition = child;
        }
        if (definition?.type === 'function_definition') out.push(this.functionDefinition(definition, decorators, depth));
        else if (definition) out.push(this.classDefinition(definition, depth));
        return;
      }
      case 'class_definition':
        out.push(this.classDefinition(node, depth));
        return;
      case 'if_statement':
      case 'while_statement':
      case 'for_statement':
      case 'with_statement':
      case 'try_statement':
      case 'match_statement':
        out.push(this.compound(node, type, depth));
        return;
      default:
        // Unknown statement kinds (a newer grammar) are skipped, not guessed.
        return;
    }
  }

  private functionDefinition(node: SyntaxNode, decorators: PyExpr[], depth: number): PyStmt {
    const nameNode = node.childForFieldName('name');
    const parametersNode = node.childForFieldName('parameters');
    const bodyNode = node.childForFieldName('body');
    let params: readonly PyParam[] = [];
    if (parametersNode) {
      const result = readParameters(this.text, parametersNode.startIndex, parametersNode.endIndex);
      if (result.kind === 'ok') params = result.value;
    }
    return {
      kind: 'def',
      name: nameNode ? this.text.slice(nameNode.startIndex, nameNode.endIndex) : '',
      nameStart: nameNode?.startIndex ?? node.startIndex,
      params,
      decorators,
      body: bodyNode ? this.block(bodyNode, depth + 1) : [],
      start: node.startIndex,
      end: node.endIndex,
    };
  }

  private classDefinition(node: SyntaxNode, depth: number): PyStmt {
    const nameNode = node.childForFieldName('name');
    const superclasses = node.childForFieldName('superclasses');
    const bodyNode = node.childForFieldName('body');
    const bases: PyExpr[] = [];
    if (superclasses && superclasses.endIndex - superclasses.startIndex > 2) {
      const result = readExpression(this.text, superclasses.startIndex + 1, superclasses.endIndex - 1);
      if (result.kind === 'ok') bases.push(result.value);
    }
    return {
      kind: 'class',
      name: nameNode ? this.text.slice(nameNode.startIndex, nameNode.endIndex) : '',
      nameStart: nameNode?.startIndex ?? node.startIndex,
      bases,
      body: bodyNode ? this.block(bodyNode, depth + 1) : [],
      start: node.startIndex,
      end: node.endIndex,
    };
  }

  private compound(node: SyntaxNode, type: string, depth: number): PyStmt {
    const headers: PyExpr[] = [];
    const bindings: { target: PyExpr; value: PyExpr | null }[] = [];
    const bodies: PyStmt[][] = [];
    const keyword = type.replace(/_statement$/, '');
    const addHeader = (field: string, owner: SyntaxNode = node): void => {
      const child = owner.childForFieldName(field);
      if (child) headers.push(this.expression(child.startIndex, child.endIndex));
    };
    const addBody = (owner: SyntaxNode, field: string): void => {
      const child = owner.childForFieldName(field);
      if (child) bodies.push(this.block(child, depth + 1));
    };
    switch (type) {
      case 'if_statement':
      case 'while_statement':
        addHeader('condition');
        addBody(node, 'consequence');
        addBody(node, 'body');
        break;
      case 'for_statement': {
        const left = node.childForFieldName('left');
        addHeader('right');
        // `value` is the iterable: the interpreter binds the target to its first element when it knows it.
        if (left) bindings.push({ target: this.expression(left.startIndex, left.endIndex), value: headers[headers.length - 1] ?? null });
        addBody(node, 'body');
        break;
      }
      case 'match_statement':
        addHeader('subject');
        break;
    }
    for (const child of node.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'elif_clause':
          addHeader('condition', child);
          addBody(child, 'consequence');
          break;
        case 'else_clause':
          addBody(child, 'body');
          break;
        case 'finally_clause':
        case 'except_clause':
        case 'except_group_clause':
        case 'case_clause':
          for (const inner of child.namedChildren) if (inner?.type === 'block') bodies.push(this.block(inner, depth + 1));
          break;
        case 'with_clause':
          for (const item of child.namedChildren) {
            if (item?.type !== 'with_item') continue;
            const value = item.childForFieldName('value');
            if (!value) continue;
            if (value.type === 'as_pattern') {
              const expression = value.namedChild(0);
              const alias = value.childForFieldName('alias');
              const valueExpr = expression ? this.expression(expression.startIndex, expression.endIndex) : null;
              if (valueExpr) headers.push(valueExpr);
              if (alias) bindings.push({ target: this.expression(alias.startIndex, alias.endIndex), value: valueExpr });
            } else {
              headers.push(this.expression(value.startIndex, value.endIndex));
            }
          }
          break;
        case 'block':
          if (type === 'try_statement' || type === 'with_statement' || type === 'match_statement') bodies.push(this.block(child, depth + 1));
          break;
        default:
          break;
      }
    }
    if (type === 'match_statement') {
      const body = node.childForFieldName('body');
      if (body) {
        for (const clause of body.namedChildren) {
          if (clause?.type !== 'case_clause') continue;
          const consequence = clause.childForFieldName('consequence');
          if (consequence) bodies.push(this.block(consequence, depth + 1));
        }
      }
    }
    return { kind: 'compound', keyword, headers, bindings, bodies, start: node.startIndex, end: node.endIndex };
  }

  /** A header expression; unreadable text becomes an `error` expression (tree-sitter reports the syntax error). */
  private expression(start: number, end: number): PyExpr {
    const result: ReadResult<PyExpr> = readExpression(this.text, start, end);
    if (result.kind === 'ok') return result.value;
    if (result.kind === 'tooDeep') this.unsupported(`expression nested more than ${maxNesting} deep is not analysed`, result.at, end);
    return { kind: 'error', start, end };
  }

  /**
   * Reads broken text line by line: a line starts a new statement when the
   * brackets before it are balanced, or when it starts at or left of the
   * current statement's column and looks like a statement (`name =`, `name.`).
   */
  private recover(start: number, end: number, out: PyStmt[]): void {
    const text = this.text;
    let chunkStart = start;
    let chunkColumn = columnOf(text, start);
    let depth = 0;
    let i = start;
    const flush = (chunkEnd: number): void => {
      const trimmedEnd = trimEnd(text, chunkStart, chunkEnd);
      if (trimmedEnd <= chunkStart) return;
      if (compoundKeywords.test(text.slice(chunkStart, Math.min(trimmedEnd, chunkStart + 10)))) return;
      const result = readStatementTolerantly(text, chunkStart, trimmedEnd);
      if (result.kind === 'ok') out.push(result.value);
      else if (result.kind === 'tooDeep') this.tooDeep(result.at, chunkStart, trimmedEnd, out);
    };
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 35) {
        while (i < end && text.charCodeAt(i) !== 10) i++;
        continue;
      }
      if (c === 34 || c === 39) {
        i = skipStringLiteral(text, i, end);
        continue;
      }
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) depth = Math.max(0, depth - 1);
      else if (c === 10 && text.charCodeAt(i - 1) !== 92 && !(text.charCodeAt(i - 1) === 13 && text.charCodeAt(i - 2) === 92)) {
        const lineStart = skipBlanks(text, i + 1, end);
        if (lineStart >= end) break;
        const column = lineStart - (i + 1);
        if (depth === 0 || (column <= chunkColumn && looksLikeStatementStart(text, lineStart, end))) {
          flush(i);
          chunkStart = lineStart;
          chunkColumn = column;
          depth = 0;
          i = lineStart;
          continue;
        }
      }
      i++;
    }
    flush(end);
  }

  private tooDeep(at: number, start: number, end: number, out: PyStmt[]): void {
    this.unsupported(`code nested more than ${maxNesting} deep is not analysed`, at, end);
    out.push({ kind: 'error', start, end });
  }

  private unsupported(message: string, start: number, end: number): void {
    this.problems.push({ kind: 'unsupported', message, span: { start, end } });
  }

  /** Reports ERROR and MISSING nodes, visiting only subtrees that contain errors. */
  collectSyntaxProblems(root: SyntaxNode): void {
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.isMissing) {
        this.syntax(`syntax error: missing \`${node.type}\``, node.startIndex, node.endIndex);
        continue;
      }
      if (node.isError) {
        const snippet = this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 30)).split('\n')[0] ?? '';
        this.syntax(snippet.trim() ? `syntax error: cannot read \`${snippet.trim()}\`` : 'syntax error', node.startIndex, node.endIndex);
      }
      const children = node.children;
      for (let index = children.length - 1; index >= 0; index--) {
        const child = children[index];
        if (child && (child.hasError || child.isMissing)) stack.push(child);
      }
    }
    if (this.syntaxProblems > maxSyntaxProblems) {
      this.problems.push({
        kind: 'syntax',
        message: `${this.syntaxProblems - maxSyntaxProblems} more syntax errors not listed`,
        span: { start: root.startIndex, end: root.startIndex },
      });
    }
  }

  private syntax(message: string, start: number, end: number): void {
    this.syntaxProblems++;
    if (this.syntaxProblems <= maxSyntaxProblems) this.problems.push({ kind: 'syntax', message, span: { start, end } });
  }
}

function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) break;
    i++;
  }
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

function looksLikeStatementStart(text: string, start: number, end: number): boolean {
  const line = text.slice(start, Math.min(end, start + 200));
  return /^(?:[A-Za-z_][\w.]*\s*(?:=[^=]|\+=|-=|\(|\.)|(?:def|class|if|for|while|with|try|return|import|from|@)\b)/.test(line);
}

function skipStringLiteral(text: string, start: number, end: number): number {
  const quote = text[start] ?? '"';
  const triple = text.startsWith(quote + quote + quote, start);
  const close = triple ? quote + quote + quote : quote;
  let i = start + close.length;
  while (i < end) {
    if (text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text.startsWith(close, i)) return i + close.length;
    if (!triple && text[i] === '\n') return i;
    i++;
  }
  return end;
}
