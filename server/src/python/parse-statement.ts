// Reads one simple Python statement (or one expression) from the text into
// the `ast.ts` tree. Used for statements tree-sitter parsed without errors, so
// the input is valid Python; anything this reader does not know makes it give
// up (`null`), and the caller converts tree-sitter's nodes instead.

import type { PyArg, PyDictEntry, PyExpr, PyImportName, PyParam, PyStmt } from './ast';
import { TokenBuffer, tokenizeInto, type Token } from './tokenize';

const buffers: TokenBuffer[] = [];
let nesting = 0;

/** Deepest nesting of brackets and operators the reader follows. */
export const maxNesting = 200;

export type ReadResult<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'failed' } | { readonly kind: 'tooDeep'; readonly at: number };

class GiveUp {
  constructor(readonly tooDeepAt: number | null) {}
}

const binaryPrecedence = new Map<string, number>([
  ['|', 1],
  ['^', 2],
  ['&', 3],
  ['<<', 4],
  ['>>', 4],
  ['+', 5],
  ['-', 5],
  ['*', 6],
  ['/', 6],
  ['//', 6],
  ['%', 6],
  ['@', 6],
]);
const augmentedOps = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '>>=', '<<=', '&=', '|=', '^=', '@=']);
const comparisonOps = new Set(['<', '>', '==', '>=', '<=', '!=', '<>']);
const simpleKeywords = new Set(['pass', 'break', 'continue', 'del', 'global', 'nonlocal', 'assert', 'raise', 'print', 'exec']);
const reserved = new Set(['if', 'else', 'for', 'in', 'lambda', 'and', 'or', 'not', 'is', 'from', 'import', 'as', 'return', 'yield', 'await']);

/** Reads the simple statement in `text[start, end)`. */
export function readSimpleStatement(text: string, start: number, end: number): ReadResult<PyStmt> {
  return run(text, start, end, false, (reader) => reader.statement());
}

/**
 * Reads a statement from broken code: a missing closing bracket is assumed,
 * an unreadable token becomes an `error` expression, trailing text is ignored.
 */
export function readStatementTolerantly(text: string, start: number, end: number): ReadResult<PyStmt> {
  return run(text, start, end, true, (reader) => reader.statement());
}

/** Reads one expression from `text[start, end)`, ignoring what follows it (f-string format specs). */
export function readExpression(text: string, start: number, end: number): ReadResult<PyExpr> {
  return run(text, start, end, false, (reader) => reader.expressionPrefix());
}

function run<T>(text: string, start: number, end: number, tolerant: boolean, body: (reader: Reader) => T): ReadResult<T> {
  try {
    // One buffer per nesting level: an f-string hole is read while its statement's tokens are still in use.
    const buffer = (buffers[nesting] ??= new TokenBuffer([]));
    nesting++;
    try {
      tokenizeInto(buffer, text, start, end);
      return { kind: 'ok', value: body(new Reader(text, buffer.tokens, buffer.count, tolerant)) };
    } finally {
      nesting--;
    }
  } catch (error) {
    if (error instanceof GiveUp) return error.tooDeepAt === null ? { kind: 'failed' } : { kind: 'tooDeep', at: error.tooDeepAt };
    throw error;
  }
}

class Reader {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    /** Tokens in use (the buffer may hold older ones past this). */
    private readonly count: number,
    private readonly tolerant: boolean,
  ) {}

  // -- tokens -------------------------------------------------------------

  private get token(): Token {
    return this.tokens[this.position < this.count ? this.position : this.count - 1]!;
  }

  private peek(offset: number): Token {
    const at = this.position + offset;
    return this.tokens[at < this.count ? at : this.count - 1]!;
  }

  private is(text: string): boolean {
    const token = this.token;
    return (token.kind === 'op' || token.kind === 'name') && token.text === text;
  }

  private accept(text: string): Token | null {
    if (!this.is(text)) return null;
    const token = this.token;
    this.position++;
    return token;
  }

  private expect(text: string): Token {
    const token = this.accept(text);
    if (token) return token;
    if (!this.tolerant) throw new GiveUp(null);
    const at = this.previousEnd();
    return { kind: 'op', start: at, end: at, text, template: false, holes: [], segments: [], formatted: false, number: 0 };
  }

  /** In tolerant mode, an unreadable token becomes an `error` expression (closing brackets stay for the caller). */
  private unreadable(): PyExpr {
    if (!this.tolerant) throw new GiveUp(null);
    const token = this.token;
    if (token.kind === 'end' || (token.kind === 'op' && [')', ']', '}', ',', ':', '=', ';'].includes(token.text))) {
      const at = this.previousEnd();
      return { kind: 'error', start: at, end: at };
    }
    this.position++;
    return { kind: 'error', start: token.start, end: token.end };
  }

  private previousEnd(): number {
    return this.tokens[this.position - 1]?.end ?? this.token.start;
  }

  private enter(): void {
    this.depth++;
    if (this.depth > maxNesting) throw new GiveUp(this.token.start);
  }

  private leave(): void {
    this.depth--;
  }

  /** True when the current token cannot continue an expression of `test` level (so a primary read so far is the whole of it). */
  private endsTest(): boolean {
    const token = this.token;
    switch (token.kind) {
      case 'end':
        return true;
      case 'op':
        return token.text === ',' || token.text === ')' || token.text === ']' || token.text === '}' || token.text === ':' || token.text === '=' || token.text === ';' || augmentedOps.has(token.text);
      case 'name':
        return token.text === 'for' || token.text === 'async' || token.text === 'else' || token.text === 'from' || token.text === 'as';
      default:
        return false;
    }
  }

  private atExpressionEnd(): boolean {
    const token = this.token;
    if (token.kind === 'end') return true;
    if (token.kind === 'op') return [')', ']', '}', ',', ':', '=', ';'].includes(token.text) || augmentedOps.has(token.text);
    return token.kind === 'name' && (token.text === 'for' || token.text === 'async' || token.text === 'if' || token.text === 'else' || token.text === 'in' || token.text === 'from');
  }

  // -- statements ------------------------------------------------------------

  statement(): PyStmt {
    const first = this.token;
    const start = first.start;
    let stmt: PyStmt;
    if (first.kind === 'name' && first.text === 'return') {
      this.position++;
      const value = this.atExpressionEnd() ? null : this.expressionList(true);
      stmt = { kind: 'return', value, start, end: this.previousEnd() };
    } else if (first.kind === 'name' && first.text === 'import') {
      this.position++;
      stmt = { kind: 'import', names: this.importNames(true), start, end: this.previousEnd() };
    } else if (first.kind === 'name' && first.text === 'from' && this.peek(1).text !== '=') {
      this.position++;
      let module = '';
      while (this.is('.') || this.is('...')) module += this.tokens[this.position++]!.text;
      if (!this.is('import')) module += this.dottedName();
      this.expect('import');
      if (this.accept('*')) {
        stmt = { kind: 'importFrom', module, names: [], star: true, start, end: this.previousEnd() };
      } else {
        const parenthesised = this.accept('(') !== null;
        const names = this.importNames(false);
        if (parenthesised) this.expect(')');
        stmt = { kind: 'importFrom', module, names, star: false, start, end: this.previousEnd() };
      }
    } else if (first.kind === 'name' && simpleKeywords.has(first.text) && !((first.text === 'print' || first.text === 'exec') && this.startsAssignmentOrCall(1))) {
      this.position++;
      const exprs: PyExpr[] = [];
      while (this.token.kind !== 'end' && !this.is(';')) {
        if (this.accept(',') || this.accept('from') || this.accept('>>')) continue;
        const before = this.position;
        exprs.push(this.test());
        if (this.position === before) break;
      }
      stmt = { kind: 'other', keyword: first.text, exprs, start, end: this.previousEnd() };
    } else {
      stmt = this.expressionStatement();
    }
    this.accept(';');
    if (this.token.kind !== 'end' && !this.tolerant) throw new GiveUp(null);
    return stmt;
  }

  /** `print = 1` or `exec(x)`: a soft keyword used as a name. */
  private startsAssignmentOrCall(offset: number): boolean {
    const next = this.peek(offset);
    return next.kind === 'op' && (next.text === '=' || next.text === '(' || next.text === '.' || next.text === '[' || augmentedOps.has(next.text));
  }

  private expressionStatement(): PyStmt {
    const start = this.token.start;
    const first = this.expressionList(true);
    if (this.accept(':')) {
      // annotated assignment `x: T = value`
      this.test();
      if (!this.accept('=')) return { kind: 'other', keyword: 'annotation', exprs: [], start, end: this.previousEnd() };
      const value = this.assignedValue();
      return { kind: 'assign', targets: [first], op: '=', value, start, end: this.previousEnd() };
    }
    if (augmentedOps.has(this.token.text) && this.token.kind === 'op') {
      const op = this.token.text;
      this.position++;
      const value = this.assignedValue();
      return { kind: 'assign', targets: [first], op, value, start, end: this.previousEnd() };
    }
    if (!this.is('=')) return { kind: 'expression', value: first, start, end: this.previousEnd() };
    const targets: PyExpr[] = [first];
    let value: PyExpr = first;
    while (this.accept('=')) {
      value = this.assignedValue();
      targets.push(value);
    }
    targets.pop();
    return { kind: 'assign', targets, op: '=', value, start, end: this.previousEnd() };
  }

  private assignedValue(): PyExpr {
    if (this.is('yield')) return this.yieldExpression();
    return this.expressionList(true);
  }

  private dottedName(): string {
    let name = this.name();
    while (this.accept('.')) name += '.' + this.name();
    return name;
  }

  private name(): string {
    const token = this.token;
    if (token.kind !== 'name') {
      if (this.tolerant) return '';
      throw new GiveUp(null);
    }
    this.position++;
    return token.text;
  }

  private importNames(dotted: boolean): PyImportName[] {
    const names: PyImportName[] = [];
    do {
      if (this.is(')')) break;
      const start = this.token.start;
      const name = dotted ? this.dottedName() : this.name();
      const alias = this.accept('as') ? this.name() : null;
      names.push({ name, alias, start, end: this.previousEnd() });
    } while (this.accept(','));
    return names;
  }

  // -- expressions -----------------------------------------------------------

  /** `(a, b: int = 1, *c, **d)`, with the brackets. */
  parameterList(): readonly PyParam[] {
    this.expect('(');
    const params = this.parameters(')', true);
    this.expect(')');
    if (this.token.kind !== 'end') throw new GiveUp(null);
    return params;
  }

  /** An expression, ignoring what follows (f-string holes end at `!`, `:`, `=`). */
  expressionPrefix(): PyExpr {
    return this.expressionList(true);
  }

  /** `a, b` (a tuple without brackets) or a single expression. */
  private expressionList(allowStar: boolean): PyExpr {
    const start = this.token.start;
    const first = allowStar ? this.starOrTest() : this.test();
    if (!this.is(',')) return first;
    const items: PyExpr[] = [first];
    while (this.accept(',')) {
      if (this.atExpressionEnd()) break;
      items.push(allowStar ? this.starOrTest() : this.test());
    }
    return { kind: 'sequence', type: 'tuple', items, start, end: this.previousEnd() };
  }

  private starOrTest(): PyExpr {
    const start = this.token.start;
    if (this.accept('*')) {
      const value = this.bitOr();
      return { kind: 'starred', double: false, value, start, end: value.end };
    }
    return this.test();
  }

  private yieldExpression(): PyExpr {
    const start = this.expect('yield').start;
    this.accept('from');
    const parts = this.atExpressionEnd() ? [] : [this.expressionList(true)];
    return { kind: 'other', parts, start, end: this.previousEnd() };
  }

  /** `test` in Python's grammar: lambda, conditional expression, walrus. */
  private test(): PyExpr {
    this.enter();
    try {
      // Fast path: most arguments are a literal, a name or a call chain followed
      // by `,` or `)`; read it as a primary without descending through every
      // precedence level, and start over only if an operator follows.
      const first = this.token;
      if (first.kind === 'string' || first.kind === 'number' || (first.kind === 'name' && !reserved.has(first.text))) {
        const mark = this.position;
        const expr = this.primary();
        if (this.endsTest()) return expr;
        this.position = mark;
      }
      if (this.is('lambda')) return this.lambda();
      if (this.is('yield')) return this.yieldExpression();
      const start = this.token.start;
      if (this.token.kind === 'name' && this.peek(1).text === ':=' && this.peek(1).kind === 'op') {
        this.position += 2;
        const value = this.test();
        return { kind: 'other', parts: [value], start, end: value.end };
      }
      const body = this.orTest();
      if (!this.is('if')) return body;
      this.position++;
      const condition = this.orTest();
      this.expect('else');
      const orElse = this.test();
      return { kind: 'other', parts: [body, condition, orElse], start, end: orElse.end };
    } finally {
      this.leave();
    }
  }

  private lambda(): PyExpr {
    const start = this.expect('lambda').start;
    const params = this.parameters(':', false);
    this.expect(':');
    const body = this.test();
    return { kind: 'lambda', params, body, start, end: body.end };
  }

  /** Parameters up to `close` (`:` for lambdas). */
  private parameters(close: string, annotations: boolean): PyParam[] {
    const params: PyParam[] = [];
    while (!this.is(close) && this.token.kind !== 'end') {
      const start = this.token.start;
      let star: PyParam['star'] = '';
      if (this.accept('**')) star = '**';
      else if (this.accept('*')) star = '*';
      else if (this.accept('/')) {
        this.accept(',');
        continue;
      }
      if (star === '*' && (this.is(',') || this.is(close))) {
        this.accept(',');
        continue;
      }
      const name = this.name();
      if (annotations && this.accept(':')) this.test();
      const defaultValue = this.accept('=') ? this.test() : null;
      params.push({ name, star, defaultValue, start, end: this.previousEnd() });
      if (!this.accept(',')) break;
    }
    return params;
  }

  private orTest(): PyExpr {
    let left = this.andTest();
    while (this.is('or')) {
      this.position++;
      const right = this.andTest();
      left = { kind: 'boolean', op: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private andTest(): PyExpr {
    let left = this.notTest();
    while (this.is('and')) {
      this.position++;
      const right = this.notTest();
      left = { kind: 'boolean', op: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private notTest(): PyExpr {
    if (this.is('not')) {
      const start = this.token.start;
      this.position++;
      this.enter();
      try {
        const operand = this.notTest();
        return { kind: 'unary', op: 'not', operand, start, end: operand.end };
      } finally {
        this.leave();
      }
    }
    return this.comparison();
  }

  private comparison(): PyExpr {
    let left = this.bitOr();
    for (;;) {
      const token = this.token;
      let op: string | null = null;
      if (token.kind === 'op' && comparisonOps.has(token.text)) {
        op = token.text === '<>' ? '!=' : token.text;
        this.position++;
      } else if (token.kind === 'name' && token.text === 'in') {
        op = 'in';
        this.position++;
      } else if (token.kind === 'name' && token.text === 'not' && this.peek(1).text === 'in') {
        op = 'not in';
        this.position += 2;
      } else if (token.kind === 'name' && token.text === 'is') {
        this.position++;
        op = this.accept('not') ? 'is not' : 'is';
      }
      if (op === null) return left;
      const right = this.bitOr();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
  }

  /** Binary operators from `|` down to `*`, by precedence climbing (one call per level actually used). */
  private bitOr(): PyExpr {
    return this.binary(1);
  }

  private binary(minimum: number): PyExpr {
    let left = this.factor();
    for (;;) {
      const token = this.token;
      if (token.kind !== 'op') return left;
      const precedence = binaryPrecedence.get(token.text) ?? 0;
      if (precedence < minimum) return left;
      this.position++;
      const right = this.binary(precedence + 1);
      left = { kind: 'binary', op: token.text, left, right, start: left.start, end: right.end };
    }
  }

  private factor(): PyExpr {
    const token = this.token;
    if (token.kind === 'op' && (token.text === '-' || token.text === '+' || token.text === '~')) {
      this.position++;
      this.enter();
      try {
        const operand = this.factor();
        return { kind: 'unary', op: token.text, operand, start: token.start, end: operand.end };
      } finally {
        this.leave();
      }
    }
    return this.power();
  }

  private power(): PyExpr {
    const start = this.token.start;
    if (this.is('await') && this.peek(1).kind !== 'op') {
      this.position++;
      const inner = this.power();
      return { kind: 'other', parts: [inner], start, end: inner.end };
    }
    const base = this.primary();
    if (!this.is('**')) return base;
    this.position++;
    this.enter();
    try {
      const exponent = this.factor();
      return { kind: 'binary', op: '**', left: base, right: exponent, start: base.start, end: exponent.end };
    } finally {
      this.leave();
    }
  }

  /** An atom followed by `.name`, `(args)` and `[index]` trailers (a loop, so long chains cost no stack). */
  private primary(): PyExpr {
    let expr = this.atom();
    for (;;) {
      const token = this.token;
      if (token.kind !== 'op') return expr;
      if (token.text === '.') {
        this.position++;
        const nameToken = this.token;
        if (nameToken.kind !== 'name') {
          if (!this.tolerant) throw new GiveUp(null);
          return { kind: 'attribute', object: expr, name: '', dot: token.start, nameStart: token.end, start: expr.start, end: token.end };
        }
        this.position++;
        expr = { kind: 'attribute', object: expr, name: nameToken.text, dot: token.start, nameStart: nameToken.start, start: expr.start, end: nameToken.end };
      } else if (token.text === '(') {
        this.position++;
        const args = this.callArguments();
        const close = this.expect(')');
        expr = { kind: 'call', callee: expr, args, start: expr.start, end: close.end };
      } else if (token.text === '[') {
        this.position++;
        const index = this.subscriptIndex();
        const close = this.expect(']');
        expr = { kind: 'subscript', object: expr, index, start: expr.start, end: close.end };
      } else {
        return expr;
      }
    }
  }

  private callArguments(): PyArg[] {
    const args: PyArg[] = [];
    this.enter();
    try {
      while (!this.is(')')) {
        if (this.accept('**')) {
          args.push({ kind: 'doubleStar', value: this.test() });
        } else if (this.accept('*')) {
          args.push({ kind: 'star', value: this.test() });
        } else if (this.token.kind === 'name' && this.peek(1).kind === 'op' && this.peek(1).text === '=') {
          const nameToken = this.token;
          this.position += 2;
          args.push({ kind: 'keyword', name: nameToken.text, nameStart: nameToken.start, value: this.test() });
        } else {
          const value = this.test();
          if (value.kind === 'error' && value.start === value.end) break;
          if (this.is('for') || this.is('async')) {
            args.push({ kind: 'positional', value: this.comprehension(value, value.start, ')') });
          } else {
            args.push({ kind: 'positional', value });
          }
        }
        if (!this.accept(',')) break;
      }
      return args;
    } finally {
      this.leave();
    }
  }

  private subscriptIndex(): PyExpr {
    const start = this.token.start;
    const items: PyExpr[] = [];
    let slice = false;
    this.enter();
    try {
      do {
        if (this.is(']')) break;
        const parts: PyExpr[] = [];
        let isSlice = false;
        while (!this.is(',') && !this.is(']')) {
          if (this.accept(':')) {
            isSlice = true;
            continue;
          }
          const before = this.position;
          parts.push(this.starOrTest());
          if (this.position === before) break;
        }
        if (isSlice) {
          slice = true;
          items.push({ kind: 'other', parts, start: parts[0]?.start ?? start, end: this.previousEnd() });
        } else if (parts[0]) {
          items.push(parts[0]);
        }
      } while (this.accept(','));
      if (items.length === 1 && !slice) return items[0]!;
      return { kind: 'sequence', type: 'tuple', items, start, end: this.previousEnd() };
    } finally {
      this.leave();
    }
  }

  private comprehension(element: PyExpr, start: number, close: string): Extract<PyExpr, { kind: 'other' }> {
    const parts: PyExpr[] = [element];
    while (this.is('for') || this.is('async') || this.is('if')) {
      if (this.accept('if')) {
        parts.push(this.orTestNoConditional());
        continue;
      }
      this.accept('async');
      this.expect('for');
      parts.push(this.targetList());
      this.expect('in');
      parts.push(this.orTest());
    }
    if (!this.is(close) && !this.tolerant) throw new GiveUp(null);
    return { kind: 'other', parts, start, end: this.previousEnd() };
  }

  private orTestNoConditional(): PyExpr {
    if (this.is('lambda')) return this.lambda();
    return this.orTest();
  }

  private targetList(): PyExpr {
    const start = this.token.start;
    const items: PyExpr[] = [this.starOrBitOr()];
    while (this.accept(',')) {
      if (this.is('in')) break;
      items.push(this.starOrBitOr());
    }
    if (items.length === 1) return items[0]!;
    return { kind: 'sequence', type: 'tuple', items, start, end: this.previousEnd() };
  }

  private starOrBitOr(): PyExpr {
    const start = this.token.start;
    if (this.accept('*')) {
      const value = this.bitOr();
      return { kind: 'starred', double: false, value, start, end: value.end };
    }
    return this.bitOr();
  }

  private atom(): PyExpr {
    const token = this.token;
    switch (token.kind) {
      case 'name': {
        if (reserved.has(token.text) && token.text !== 'await') return this.unreadable();
        this.position++;
        if (token.text === 'None') return { kind: 'constant', value: null, start: token.start, end: token.end };
        if (token.text === 'True') return { kind: 'constant', value: true, start: token.start, end: token.end };
        if (token.text === 'False') return { kind: 'constant', value: false, start: token.start, end: token.end };
        return { kind: 'name', name: token.text, start: token.start, end: token.end };
      }
      case 'number':
        this.position++;
        return { kind: 'number', value: token.number, isFloat: !/^0[xXoObB]/.test(token.text) && /[.eEjJ]/.test(token.text), start: token.start, end: token.end };
      case 'string':
        return this.strings();
      case 'op':
        if (token.text === '(') return this.parenthesised();
        if (token.text === '[') return this.list();
        if (token.text === '{') return this.braces();
        if (token.text === '...') {
          this.position++;
          return { kind: 'constant', value: null, start: token.start, end: token.end };
        }
        return this.unreadable();
      case 'end':
      case 'bad':
        return this.unreadable();
    }
  }

  private strings(): PyExpr {
    const start = this.token.start;
    const parts: string[] = [''];
    let formatted = false;
    const holes: PyExpr[] = [];
    while (this.token.kind === 'string') {
      const token = this.token;
      this.position++;
      token.segments.forEach((segment, index) => {
        if (index === 0) parts[parts.length - 1] += segment;
        else parts.push(segment);
      });
      for (const hole of token.holes) holes.push(this.hole(hole.start, hole.end));
      if (token.formatted) formatted = true;
    }
    const template = holes.length > 0;
    return { kind: 'string', value: parts[0] ?? '', template, holes, parts, formatted, start, end: this.previousEnd() };
  }

  private hole(start: number, end: number): PyExpr {
    const result = readExpression(this.text, start, end);
    return result.kind === 'ok' ? result.value : { kind: 'error', start, end };
  }

  private parenthesised(): PyExpr {
    const open = this.expect('(');
    this.enter();
    try {
      if (this.is(')')) {
        const close = this.expect(')');
        return { kind: 'sequence', type: 'tuple', items: [], start: open.start, end: close.end };
      }
      const first = this.is('yield') ? this.yieldExpression() : this.starOrTest();
      if (this.is('for') || this.is('async')) {
        const comprehension = this.comprehension(first, open.start, ')');
        const close = this.expect(')');
        return { ...comprehension, end: close.end };
      }
      if (this.is(')') || (this.tolerant && !this.is(','))) {
        const close = this.expect(')');
        return { kind: 'paren', inner: first, start: open.start, end: close.end };
      }
      const items: PyExpr[] = [first];
      while (this.accept(',')) {
        if (this.is(')')) break;
        items.push(this.starOrTest());
      }
      const close = this.expect(')');
      return { kind: 'sequence', type: 'tuple', items, start: open.start, end: close.end };
    } finally {
      this.leave();
    }
  }

  private list(): PyExpr {
    const open = this.expect('[');
    this.enter();
    try {
      const items: PyExpr[] = [];
      if (!this.is(']')) {
        const first = this.starOrTest();
        if (this.is('for') || this.is('async')) {
          const comprehension = this.comprehension(first, open.start, ']');
          const close = this.expect(']');
          return { ...comprehension, end: close.end };
        }
        items.push(first);
        while (this.accept(',')) {
          if (this.is(']')) break;
          items.push(this.starOrTest());
        }
      }
      const close = this.expect(']');
      return { kind: 'sequence', type: 'list', items, start: open.start, end: close.end };
    } finally {
      this.leave();
    }
  }

  private braces(): PyExpr {
    const open = this.expect('{');
    this.enter();
    try {
      if (this.is('}')) {
        const close = this.expect('}');
        return { kind: 'dict', entries: [], start: open.start, end: close.end };
      }
      const entries: PyDictEntry[] = [];
      const items: PyExpr[] = [];
      let isDict = false;
      do {
        if (this.is('}')) break;
        if (this.accept('**')) {
          isDict = true;
          entries.push({ key: null, value: this.bitOr() });
          continue;
        }
        const first = this.starOrTest();
        if (this.accept(':')) {
          isDict = true;
          const value = this.test();
          if (this.is('for') || this.is('async')) {
            const comprehension = this.comprehension(value, open.start, '}');
            const close = this.expect('}');
            return { ...comprehension, parts: [first, ...comprehension.parts], end: close.end };
          }
          entries.push({ key: first, value });
        } else {
          if (this.is('for') || this.is('async')) {
            const comprehension = this.comprehension(first, open.start, '}');
            const close = this.expect('}');
            return { ...comprehension, end: close.end };
          }
          items.push(first);
        }
      } while (this.accept(','));
      const close = this.expect('}');
      if (isDict) return { kind: 'dict', entries, start: open.start, end: close.end };
      return { kind: 'sequence', type: 'set', items, start: open.start, end: close.end };
    } finally {
      this.leave();
    }
  }
}

/** Reads a parameter list such as `(a, b=1, *c, **d)` from `text[start, end)`. */
export function readParameters(text: string, start: number, end: number): ReadResult<readonly PyParam[]> {
  return run(text, start, end, false, (reader) => reader.parameterList());
}
