// Python tokens for one statement's text (a slice of the file, by offsets).
//
// Newlines, comments and backslash continuations are skipped: tree-sitter has
// already cut the file into statements, so every line break left inside one is
// inside brackets or continued.

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'end' | 'bad';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Names and operators: the text. Strings: the decoded value (f-strings: the constant text before the first hole). */
  readonly text: string;
  /** Strings only. */
  readonly template: boolean;
  /** f-string holes: the offsets of each `{...}` expression's text. */
  readonly holes: readonly { readonly start: number; readonly end: number }[];
  /** Strings only: the decoded constant text around the holes (one more than `holes`). */
  readonly segments: readonly string[];
  /** Strings only: some hole has a conversion or format spec (`{x!r}`, `{x:>10}`), so the text cannot be computed. */
  readonly formatted: boolean;
  /** Numbers only. */
  readonly number: number;
}

/** One-character operators by char code, so the hot path slices no strings. */
const singleOperators: (string | undefined)[] = [];
for (const operator of '+-*/%@&|^~<>()[]{},:.;=!') singleOperators[operator.charCodeAt(0)] = operator;

/** Length of the operator at `i` (longest match), 0 when the character is no operator. */
function operatorLength(text: string, i: number, end: number, code: number): number {
  const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
  const third = i + 2 < end ? text.charCodeAt(i + 2) : 0;
  switch (code) {
    case 40: case 41: case 91: case 93: case 123: case 125: case 44: case 59: case 126: // ( ) [ ] { } , ; ~
      return 1;
    case 46: // .
      return next === 46 && third === 46 ? 3 : 1;
    case 42: // *
    case 47: // /
    case 60: // <
    case 62: // >
      if (next === code) return third === 61 ? 3 : 2; // ** // << >> and their = forms
      if (next === 61) return 2;
      if (code === 60 && next === 62) return 2; // <>
      return 1;
    case 45: // -
      return next === 62 || next === 61 ? 2 : 1; // -> -=
    case 58: // :
    case 61: // =
    case 33: // !
    case 43: // +
    case 37: // %
    case 38: // &
    case 124: // |
    case 94: // ^
    case 64: // @
      return next === 61 ? 2 : 1;
    default:
      return 0;
  }
}

function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code > 127;
}

function isNamePart(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

const noHoles: readonly { start: number; end: number }[] = [];

/**
 * Token storage reused from one statement to the next: reading a file makes
 * millions of short-lived tokens, and reusing their objects spares most of
 * the garbage collection they would cost.
 */
export class TokenBuffer {
  count = 0;

  constructor(readonly tokens: Token[]) {}

  push(kind: TokenKind, start: number, end: number, text: string, number: number): void {
    const slot = this.tokens[this.count] as MutableToken | undefined;
    if (slot) {
      slot.kind = kind;
      slot.start = start;
      slot.end = end;
      slot.text = text;
      slot.template = false;
      slot.holes = noHoles;
      slot.segments = noSegments;
      slot.formatted = false;
      slot.number = number;
    } else {
      this.tokens[this.count] = { kind, start, end, text, template: false, holes: noHoles, segments: noSegments, formatted: false, number };
    }
    this.count++;
  }

  pushToken(token: Token): void {
    this.tokens[this.count++] = token;
  }
}

type MutableToken = { -readonly [K in keyof Token]: Token[K] };

/** Tokenizes `text[start, end)` into `buffer` (from its start); always ends with an `end` token. Never throws. */
export function tokenizeInto(buffer: TokenBuffer, text: string, start: number, end: number): void {
  buffer.count = 0;
  const tokens = buffer;
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 12) {
      i++;
      continue;
    }
    if (code === 35) {
      // comment to the end of the line
      while (i < end && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (code === 92) {
      // backslash continuation
      i++;
      continue;
    }
    if (isNameStart(code)) {
      let j = i + 1;
      while (j < end && isNamePart(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      if (j < end && (next === 39 || next === 34) && j - i <= 3 && /^[rRbBuUfFtT]+$/.test(text.slice(i, j))) {
        const token = scanString(text, i, j, end);
        tokens.pushToken(token);
        i = token.end;
        continue;
      }
      tokens.push('name', i, j, text.slice(i, j), 0);
      i = j;
      continue;
    }
    if (code === 39 || code === 34) {
      const token = scanString(text, i, i, end);
      tokens.pushToken(token);
      i = token.end;
      continue;
    }
    if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const j = scanNumber(text, i, end);
      const raw = text.slice(i, j).replace(/_/g, '');
      let value = Number(raw.replace(/[jJlL]$/, ''));
      if (Number.isNaN(value) && /^0[oO]/.test(raw)) value = parseInt(raw.slice(2), 8);
      tokens.push('number', i, j, raw, Number.isNaN(value) ? 0 : value);
      i = j;
      continue;
    }
    const length = operatorLength(text, i, end, code);
    if (length === 0) {
      tokens.push('bad', i, i + 1, text[i] ?? '', 0);
      i++;
      continue;
    }
    tokens.push('op', i, i + length, length === 1 ? singleOperators[code] ?? text[i]! : text.slice(i, i + length), 0);
    i += length;
  }
  tokens.push('end', end, end, '', 0);
}


const noSegments: readonly string[] = [];

function scanNumber(text: string, start: number, end: number): number {
  let j = start;
  if (text.charCodeAt(j) === 48 && /[xXoObB]/.test(text[j + 1] ?? '')) {
    j += 2;
    while (j < end && /[0-9a-fA-F_]/.test(text[j] ?? '')) j++;
    return j;
  }
  while (j < end) {
    const c = text.charCodeAt(j);
    if (isDigit(c) || c === 95 || c === 46) {
      j++;
    } else if ((c === 101 || c === 69) && j + 1 < end) {
      j++;
      if (text[j] === '+' || text[j] === '-') j++;
    } else {
      break;
    }
  }
  if (j < end && /[jJlL]/.test(text[j] ?? '')) j++;
  return j;
}

/** Scans a string literal whose prefix starts at `start` and quote at `quoteAt`. An unterminated string ends at `end`. */
function scanString(text: string, start: number, quoteAt: number, end: number): Token {
  const prefix = text.slice(start, quoteAt).toLowerCase();
  const raw = prefix.includes('r');
  const template = prefix.includes('f') || prefix.includes('t');
  const quote = text[quoteAt] ?? '"';
  const triple = text.startsWith(quote + quote + quote, quoteAt);
  const close = triple ? quote + quote + quote : quote;
  const quoteCode = quote.charCodeAt(0);
  let i = quoteAt + close.length;
  let value = '';
  // Plain characters are taken as one slice from `run` up to the next character that needs work, not one by one.
  let run = i;
  let formatted = false;
  const segments: string[] = [];
  const holes: { start: number; end: number }[] = [];
  while (i < end) {
    const code = text.charCodeAt(i);
    if (code !== quoteCode && code !== 10 && code !== 92 && code !== 123 && code !== 125) {
      i++;
      continue;
    }
    if (code === quoteCode && (!triple || text.startsWith(close, i))) {
      return stringToken(start, i + close.length, template, value + text.slice(run, i), segments, holes, formatted);
    }
    if (code === 10 && !triple) break;
    if (code === 92) {
      const next = text[i + 1] ?? '';
      value += text.slice(run, i) + (raw ? '\\' + next : decodeEscape(text, i));
      i += escapeLength(text, i, raw);
      run = i;
      continue;
    }
    if (template && code === 123) {
      value += text.slice(run, i);
      if (text.charCodeAt(i + 1) === 123) {
        value += '{';
        i += 2;
        run = i;
        continue;
      }
      const hole = scanHole(text, i + 1, end);
      holes.push({ start: i + 1, end: hole.end });
      if (hole.formatted) formatted = true;
      segments.push(value);
      value = '';
      i = hole.end < end ? hole.end + 1 : end;
      run = i;
      continue;
    }
    if (template && code === 125 && text.charCodeAt(i + 1) === 125) {
      value += text.slice(run, i) + '}';
      i += 2;
      run = i;
      continue;
    }
    i++;
  }
  // Unterminated: tree-sitter reports the error; keep what was read.
  return stringToken(start, i, template, value + text.slice(run, Math.min(i, end)), segments, holes, formatted);
}

function stringToken(
  start: number,
  end: number,
  template: boolean,
  last: string,
  segments: string[],
  holes: { start: number; end: number }[],
  formatted: boolean,
): Token {
  segments.push(last);
  const isTemplate = template && holes.length > 0;
  return { kind: 'string', start, end, text: segments[0] ?? '', template: isTemplate, holes: isTemplate ? holes : noHoles, segments, formatted, number: 0 };
}

/** Finds the `}` closing an f-string hole that starts at `start`, and whether the hole has a conversion or format spec. */
function scanHole(text: string, start: number, end: number): { end: number; formatted: boolean } {
  let depth = 0;
  let formatted = false;
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '}') {
      if (depth === 0) return { end: i, formatted };
      depth--;
    } else if (depth === 0 && (c === ':' || (c === '!' && text[i + 1] !== '=') || (c === '=' && !'=!<>'.includes(text[i - 1] ?? '') && text[i + 1] !== '='))) {
      formatted = true;
    } else if (c === '"' || c === "'") {
      const inner = scanString(text, i, i, end);
      i = Math.max(inner.end, i + 1);
      continue;
    } else if (c === '\n' && depth < 0) {
      return { end: i, formatted };
    }
    i++;
  }
  return { end, formatted };
}

function escapeLength(text: string, at: number, raw: boolean): number {
  if (raw) return 2;
  const next = text[at + 1] ?? '';
  if (next === 'x') return 4;
  if (next === 'u') return 6;
  if (next === 'U') return 10;
  if (next === '\r' && text[at + 2] === '\n') return 3;
  return 2;
}

function decodeEscape(text: string, at: number): string {
  const next = text[at + 1] ?? '';
  switch (next) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '0':
      return '\0';
    case '\\':
    case "'":
    case '"':
      return next;
    case '\n':
    case '\r':
      return '';
    case 'x':
    case 'u':
    case 'U': {
      const digits = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const code = parseInt(text.slice(at + 2, at + 2 + digits), 16);
      return Number.isNaN(code) || code > 0x10ffff ? '' : String.fromCodePoint(code);
    }
    default:
      return '\\' + next;
  }
}
