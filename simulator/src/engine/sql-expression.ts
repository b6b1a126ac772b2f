// A small parser for the SQL expressions users write in `F.expr(...)`,
// `selectExpr(...)`, `filter("...")` and join conditions. It produces the
// pipeline model's own `Expr`, so the rest of the engine compiles one form.
// Spans point into the user's file: `base` is the offset of the SQL text's
// first character there.
//
// Grammar (precedence low to high): OR, AND, NOT, comparison / BETWEEN / IN /
// LIKE / IS [NOT] NULL, + - ||, * / % DIV, unary -, primary (literals, INTERVAL,
// CAST, CASE, function calls, identifiers a.b.c, parentheses).

import type { BinaryOp, Expr } from '../../../server/src/model/pipeline';
import type { Span } from '../../../server/src/model/span';
import { parseIntervalMicros } from './interval';

export type SqlParseResult =
  | { readonly ok: true; readonly expr: Expr; readonly alias: string | null }
  | { readonly ok: false; readonly message: string; readonly span: Span };

/** The internal function name an INTERVAL literal becomes; its single argument is the length in microseconds. */
export const intervalFunction = '__interval';

type TokenKind = 'ident' | 'quotedIdent' | 'number' | 'string' | 'op' | 'end';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const keywords = new Set([
  'and', 'or', 'not', 'between', 'is', 'null', 'in', 'like', 'rlike', 'cast', 'as', 'case', 'when', 'then', 'else', 'end',
  'true', 'false', 'interval', 'div',
]);

function tokenize(text: string): Token[] | { message: string; at: number } {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at] ?? '';
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    const start = at;
    if (/[A-Za-z_]/.test(char)) {
      while (at < text.length && /[A-Za-z0-9_$]/.test(text[at] ?? '')) at++;
      tokens.push({ kind: 'ident', text: text.slice(start, at), start, end: at });
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[at + 1] ?? ''))) {
      while (at < text.length && /[0-9.]/.test(text[at] ?? '')) at++;
      if (/[eE]/.test(text[at] ?? '') && /[-+0-9]/.test(text[at + 1] ?? '')) {
        at += 2;
        while (at < text.length && /[0-9]/.test(text[at] ?? '')) at++;
      }
      // Suffixes: 10L, 1.5D, 2S, 3Y, 1BD
      while (at < text.length && /[LlDdSsYyBbFf]/.test(text[at] ?? '') && !/[A-Za-z0-9_]/.test(text[at + 1] ?? '')) at++;
      tokens.push({ kind: 'number', text: text.slice(start, at), start, end: at });
      continue;
    }
    if (char === "'" || char === '"') {
      at++;
      let value = '';
      while (at < text.length && text[at] !== char) {
        if (text[at] === '\\' && at + 1 < text.length) {
          value += text[at + 1];
          at += 2;
          continue;
        }
        value += text[at];
        at++;
      }
      if (at >= text.length) return { message: 'unterminated string literal', at: start };
      at++;
      tokens.push({ kind: 'string', text: value, start, end: at });
      continue;
    }
    if (char === '`') {
      const close = text.indexOf('`', at + 1);
      if (close < 0) return { message: 'unterminated quoted identifier', at: start };
      at = close + 1;
      tokens.push({ kind: 'quotedIdent', text: text.slice(start + 1, close), start, end: at });
      continue;
    }
    const two = text.slice(at, at + 3);
    const op = ['<=>', '==', '!=', '<>', '<=', '>=', '||', '&&'].find((candidate) => two.startsWith(candidate));
    if (op !== undefined) {
      at += op.length;
      tokens.push({ kind: 'op', text: op, start, end: at });
      continue;
    }
    if ('()+-*/%<>=,.!'.includes(char)) {
      at++;
      tokens.push({ kind: 'op', text: char, start, end: at });
      continue;
    }
    return { message: `unexpected character '${char}'`, at };
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Parses one SQL expression, optionally followed by `AS alias` or a bare alias (as `selectExpr` allows). */
export function parseSqlExpression(text: string, base: number): SqlParseResult {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) {
    return { ok: false, message: tokens.message, span: { start: base + tokens.at, end: base + tokens.at + 1 } };
  }
  const parser = new Parser(tokens, base);
  try {
    const expr = parser.expression();
    let alias: string | null = null;
    if (parser.peekKeyword('as')) {
      parser.next();
      alias = parser.identifierText();
    } else if (parser.peek().kind === 'ident' || parser.peek().kind === 'quotedIdent') {
      alias = parser.identifierText();
    }
    const rest = parser.peek();
    if (rest.kind !== 'end') throw new ParseFailure(`unexpected '${rest.text}'`, rest.start);
    return { ok: true, expr, alias };
  } catch (error) {
    if (error instanceof ParseFailure) {
      return { ok: false, message: error.message, span: { start: base + error.at, end: base + error.at + 1 } };
    }
    throw error;
  }
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly base: number,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  peekKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'ident' && token.text.toLowerCase() === word;
  }

  private peekOp(op: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === op;
  }

  private expectOp(op: string): Token {
    const token = this.next();
    if (token.kind !== 'op' || token.text !== op) throw new ParseFailure(`expected '${op}' but found '${token.text || 'end of text'}'`, token.start);
    return token;
  }

  private expectKeyword(word: string): Token {
    const token = this.next();
    if (token.kind !== 'ident' || token.text.toLowerCase() !== word) {
      throw new ParseFailure(`expected ${word.toUpperCase()} but found '${token.text || 'end of text'}'`, token.start);
    }
    return token;
  }

  private span(start: number, end: number): Span {
    return { start: this.base + start, end: this.base + end };
  }

  private spanOf(expr: Expr): Span {
    return expr.span;
  }

  identifierText(): string {
    const token = this.next();
    if (token.kind !== 'ident' && token.kind !== 'quotedIdent') throw new ParseFailure(`expected a name but found '${token.text}'`, token.start);
    return token.text;
  }

  expression(): Expr {
    return this.or();
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { kind: 'binary', op, left, right, span: { start: this.spanOf(left).start, end: this.spanOf(right).end } };
  }

  private or(): Expr {
    let left = this.and();
    while (this.peekKeyword('or')) {
      this.next();
      left = this.binary('or', left, this.and());
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.peekKeyword('and') || this.peekOp('&&')) {
      this.next();
      left = this.binary('and', left, this.not());
    }
    return left;
  }

  private not(): Expr {
    if (this.peekKeyword('not') || this.peekOp('!')) {
      const token = this.next();
      const operand = this.not();
      return { kind: 'unary', op: 'not', operand, span: { start: this.base + token.start, end: operand.span.end } };
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === 'op') {
      const map: Record<string, BinaryOp> = { '=': '==', '==': '==', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
      const op = map[token.text];
      if (op !== undefined) {
        this.next();
        return this.binary(op, left, this.additive());
      }
      if (token.text === '<=>') {
        this.next();
        const right = this.additive();
        return { kind: 'method', receiver: left, name: 'eqNullSafe', args: [right], kwargs: {}, span: { start: left.span.start, end: right.span.end } };
      }
    }
    let negated = false;
    if (this.peekKeyword('not') && (this.peekKeyword('between', 1) || this.peekKeyword('in', 1) || this.peekKeyword('like', 1))) {
      this.next();
      negated = true;
    }
    const wrap = (expr: Expr): Expr => (negated ? { kind: 'unary', op: 'not', operand: expr, span: expr.span } : expr);
    if (this.peekKeyword('between')) {
      this.next();
      const low = this.additive();
      this.expectKeyword('and');
      const high = this.additive();
      return wrap(this.binary('and', this.binary('>=', left, low), this.binary('<=', left, high)));
    }
    if (this.peekKeyword('in')) {
      this.next();
      this.expectOp('(');
      const items: Expr[] = [this.expression()];
      while (this.peekOp(',')) {
        this.next();
        items.push(this.expression());
      }
      const close = this.expectOp(')');
      return wrap({ kind: 'method', receiver: left, name: 'isin', args: items, kwargs: {}, span: { start: left.span.start, end: this.base + close.end } });
    }
    if (this.peekKeyword('like') || this.peekKeyword('rlike')) {
      const name = this.next().text.toLowerCase();
      const pattern = this.additive();
      return wrap({ kind: 'method', receiver: left, name, args: [pattern], kwargs: {}, span: { start: left.span.start, end: pattern.span.end } });
    }
    if (this.peekKeyword('is')) {
      this.next();
      let not = false;
      if (this.peekKeyword('not')) {
        this.next();
        not = true;
      }
      const nullToken = this.expectKeyword('null');
      return {
        kind: 'method',
        receiver: left,
        name: not ? 'isNotNull' : 'isNull',
        args: [],
        kwargs: {},
        span: { start: left.span.start, end: this.base + nullToken.end },
      };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'op' && (token.text === '+' || token.text === '-')) {
        this.next();
        left = this.binary(token.text, left, this.multiplicative());
      } else if (token.kind === 'op' && token.text === '||') {
        this.next();
        const right = this.multiplicative();
        left = { kind: 'call', namespace: 'functions', name: 'concat', args: [left, right], kwargs: {}, span: { start: left.span.start, end: right.span.end } };
      } else {
        return left;
      }
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'op' && (token.text === '*' || token.text === '/' || token.text === '%')) {
        this.next();
        left = this.binary(token.text, left, this.unary());
      } else if (this.peekKeyword('div')) {
        this.next();
        const right = this.unary();
        const quotient = this.binary('/', left, right);
        left = { kind: 'method', receiver: quotient, name: 'cast', args: [{ kind: 'literal', value: 'bigint', span: quotient.span }], kwargs: {}, span: quotient.span };
      } else {
        return left;
      }
    }
  }

  private unary(): Expr {
    const token = this.peek();
    if (token.kind === 'op' && (token.text === '-' || token.text === '+')) {
      this.next();
      const operand = this.unary();
      if (token.text === '+') return operand;
      if (operand.kind === 'literal' && typeof operand.value === 'number') {
        return { kind: 'literal', value: -operand.value, span: { start: this.base + token.start, end: operand.span.end } };
      }
      return { kind: 'unary', op: '-', operand, span: { start: this.base + token.start, end: operand.span.end } };
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.next();
    const span = this.span(token.start, token.end);
    switch (token.kind) {
      case 'number': {
        const value = Number(token.text.replace(/[LlDdSsYyBbFf]+$/, ''));
        if (!Number.isFinite(value)) throw new ParseFailure(`invalid number '${token.text}'`, token.start);
        return { kind: 'literal', value, span };
      }
      case 'string':
        return { kind: 'literal', value: token.text, span };
      case 'quotedIdent':
        return this.qualified(token.text, token);
      case 'op':
        if (token.text === '(') {
          const inner = this.expression();
          this.expectOp(')');
          return inner;
        }
        // `*` stands alone only as `count(*)` or a whole select item
        if (token.text === '*' && (this.peek().kind === 'end' || (this.peek().kind === 'op' && this.peek().text === ')'))) return { kind: 'star', span };
        throw new ParseFailure(`unexpected '${token.text}'`, token.start);
      case 'end':
        throw new ParseFailure('unexpected end of expression', token.start);
      case 'ident':
        return this.identifierOrKeyword(token);
      default: {
        const never: never = token.kind;
        return never;
      }
    }
  }

  private identifierOrKeyword(token: Token): Expr {
    const lower = token.text.toLowerCase();
    const span = this.span(token.start, token.end);
    if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true', span };
    if (lower === 'null') return { kind: 'literal', value: null, span };
    if (lower === 'interval') return this.interval(token);
    if (lower === 'cast' && this.peekOp('(')) {
      this.next();
      const value = this.expression();
      this.expectKeyword('as');
      const typeStart = this.peek().start;
      let depth = 0;
      let typeEnd = typeStart;
      while (this.peek().kind !== 'end' && !(depth === 0 && this.peekOp(')'))) {
        const part = this.next();
        if (part.kind === 'op' && part.text === '(') depth++;
        if (part.kind === 'op' && part.text === ')') depth--;
        typeEnd = part.end;
      }
      const close = this.expectOp(')');
      const typeText = this.sourceText(typeStart, typeEnd);
      return {
        kind: 'method',
        receiver: value,
        name: 'cast',
        args: [{ kind: 'literal', value: typeText, span: this.span(typeStart, typeEnd) }],
        kwargs: {},
        span: this.span(token.start, close.end),
      };
    }
    if (lower === 'case') return this.caseExpression(token);
    if (keywords.has(lower) && lower !== 'end') {
      throw new ParseFailure(`unexpected keyword ${token.text.toUpperCase()}`, token.start);
    }
    if (this.peekOp('(')) {
      this.next();
      const args: Expr[] = [];
      let distinct = false;
      if (this.peekKeyword('distinct')) {
        this.next();
        distinct = true;
      }
      if (!this.peekOp(')')) {
        args.push(this.expression());
        while (this.peekOp(',')) {
          this.next();
          args.push(this.expression());
        }
      }
      const close = this.expectOp(')');
      const name = distinct ? `${lower}_distinct` : lower;
      return { kind: 'call', namespace: 'functions', name, args, kwargs: {}, span: this.span(token.start, close.end) };
    }
    return this.qualified(token.text, token);
  }

  private sourceText(start: number, end: number): string {
    // Rebuild the type text from tokens (the parser keeps no copy of the raw text).
    const parts: string[] = [];
    for (const token of this.tokens) {
      if (token.start >= start && token.end <= end) parts.push(token.text);
    }
    return parts.join(parts.some((p) => p === '<' || p === '(') ? '' : ' ');
  }

  private qualified(first: string, token: Token): Expr {
    let name = first;
    let end = token.end;
    while (this.peekOp('.') && (this.peek(1).kind === 'ident' || this.peek(1).kind === 'quotedIdent' || (this.peek(1).kind === 'op' && this.peek(1).text === '*'))) {
      this.next();
      const part = this.next();
      name += `.${part.text}`;
      end = part.end;
    }
    const span = this.span(token.start, end);
    if (name.endsWith('.*')) return { kind: 'column', name, span };
    return { kind: 'column', name, span };
  }

  private interval(token: Token): Expr {
    // INTERVAL 5 SECONDS, INTERVAL '5' SECOND, INTERVAL '5 seconds', INTERVAL 1 MINUTE 30 SECONDS
    const parts: string[] = [];
    let end = token.end;
    for (;;) {
      const next = this.peek();
      if (next.kind === 'number' || next.kind === 'string') {
        const unit = this.peek(1);
        if (next.kind === 'string' && /[a-z]/i.test(next.text)) {
          this.next();
          parts.push(next.text);
          end = next.end;
          continue;
        }
        if (unit.kind === 'ident' && !keywords.has(unit.text.toLowerCase())) {
          this.next();
          this.next();
          parts.push(`${next.text} ${unit.text}`);
          end = unit.end;
          continue;
        }
      }
      break;
    }
    const micros = parseIntervalMicros(parts.join(' '));
    if (micros === null || parts.length === 0) throw new ParseFailure('invalid INTERVAL literal', token.start);
    const span = this.span(token.start, end);
    return { kind: 'call', namespace: 'functions', name: intervalFunction, args: [{ kind: 'literal', value: micros, span }], kwargs: {}, span };
  }

  private caseExpression(token: Token): Expr {
    let subject: Expr | null = null;
    if (!this.peekKeyword('when')) subject = this.expression();
    let result: Expr | null = null;
    while (this.peekKeyword('when')) {
      this.next();
      let condition = this.expression();
      if (subject !== null) condition = this.binary('==', subject, condition);
      this.expectKeyword('then');
      const value = this.expression();
      const span = { start: this.base + token.start, end: value.span.end };
      result =
        result === null
          ? { kind: 'call', namespace: 'functions', name: 'when', args: [condition, value], kwargs: {}, span }
          : { kind: 'method', receiver: result, name: 'when', args: [condition, value], kwargs: {}, span };
    }
    if (result === null) throw new ParseFailure('CASE needs at least one WHEN', token.start);
    if (this.peekKeyword('else')) {
      this.next();
      const otherwise = this.expression();
      result = { kind: 'method', receiver: result, name: 'otherwise', args: [otherwise], kwargs: {}, span: { start: result.span.start, end: otherwise.span.end } };
    }
    const close = this.expectKeyword('end');
    return { ...result, span: { start: this.base + token.start, end: this.base + close.end } } as Expr;
  }
}
