// Turns tree-sitter-scala's tree into the front-end syntax tree (`python/ast.ts`)
// that the lowering interpreter runs, so Scala and PySpark share one
// interpreter, one set of DataFrame method semantics and one model builder.
//
// The tree is language-neutral enough for Spark code: names, attributes, calls
// with positional and keyword arguments, literals, operators, lambdas,
// definitions and blocks. What is Scala-only is desugared here, each to the
// PySpark spelling the interpreter already knows:
//
//   $"c", 'c                       -> functions.col("c")
//   a === b, a =!= b, a && b       -> a == b, a != b, a and b
//   df.count, .cache (no parens)    -> df.count(), .cache()
//   SparkSession.builder()          -> SparkSession.builder (the properties)
//   f(a)(b)                         -> f(a, b) (curried calls)
//   Seq(...), List(...), Array(...) -> a list; Map(k -> v) a dict
//   col.as("a"), df.as("t")         -> .alias("a"), .alias("t")
//   OutputMode.Update()             -> "update"
//   .trigger(Trigger.X(...))        -> .trigger(processingTime=..., once=True, ...)
//   (flat)mapGroupsWithState(mode, timeout)(f) -> keywords outputMode, timeMode, func
//   a block lambda `{ (df, id) => ... }` -> a `def` hoisted before its statement
//   the last expression of a def body -> `return` it
//
// Every node keeps the offsets of the Scala code it came from. Nothing here
// throws on user code: a statement that cannot be read becomes an `error`
// statement, and the tree's ERROR/MISSING nodes become syntax problems.

import type { LoweringProblem } from '../model/pipeline';
import type { SyntaxNode } from '../syntax/tree-sitter';
import type { PyArg, PyExpr, PyImportName, PyParam, PyStmt } from '../python/ast';
import { simpleTypeNames } from '../python/schema';

export interface ReadScala {
  readonly statements: readonly PyStmt[];
  readonly problems: readonly LoweringProblem[];
}

/** The name the `$"c"` and `'c` column syntax resolves through (not a name Scala code writes). */
export const columnFunctionsName = '$whirlpool$functions';
const functionsModule = 'org.apache.spark.sql.functions';

/** Deepest nesting of blocks and expressions that is read. */
const maxDepth = 300;
/** Syntax problems reported per file; the rest are summarised in one. */
const maxSyntaxProblems = 50;

/**
 * Members Python reads as attributes: a zero-argument Scala call of one of
 * these (`SparkSession.builder()`) is read as the attribute. Every other member
 * written without arguments (`.count`, `.cache`) is read as a call.
 */
const properties = new Set([
  'readStream', 'read', 'writeStream', 'write', 'conf', 'na', 'stat', 'isStreaming', 'sparkSession', 'rdd', 'columns', 'schema',
  'dtypes', 'storageLevel', 'builder', 'implicits', 'sparkContext', 'sqlContext', 'streams', 'length', 'size',
]);

const binaryOperators: Readonly<Record<string, string>> = {
  '===': '==', '==': '==', '=!=': '!=', '!=': '!=', '<=>': '==', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  '+': '+', '-': '-', '*': '*', '/': '/', '%': '%',
};

const booleanOperators: Readonly<Record<string, 'and' | 'or'>> = { '&&': 'and', '||': 'or', and: 'and', or: 'or' };

const sequenceConstructors = new Set(['Seq', 'List', 'Array', 'Vector', 'Set', 'IndexedSeq']);
const transparentWrappers = new Set(['Some', 'Option']);

const outputModes: Readonly<Record<string, string>> = { Append: 'append', Update: 'update', Complete: 'complete' };

const timeUnits: Readonly<Record<string, string>> = {
  NANOSECONDS: 'nanoseconds', MICROSECONDS: 'microseconds', MILLISECONDS: 'milliseconds', SECONDS: 'seconds', MINUTES: 'minutes',
  HOURS: 'hours', DAYS: 'days',
};

const durationUnits = /^(?:nanos?|nanoseconds?|micros?|microseconds?|millis?|milliseconds?|seconds?|minutes?|hours?|days?)$/;

const statefulFunctions = new Set(['mapGroupsWithState', 'flatMapGroupsWithState']);

/**
 * The text to give tree-sitter for a Scala file: tree-sitter-scala 0.24 has no
 * `$"c"` column syntax (it reads `$` as an error), so `$"` is parsed as the
 * same-length interpolator `s"`; the reader sees the `$` in the real text and
 * reads a column. Offsets are unchanged, so incremental parsing still works.
 */
export function scalaParseText(text: string): string {
  return text.includes('$"') ? text.replace(/\$"/g, 's"') : text;
}

export function readScala(root: SyntaxNode, text: string): ReadScala {
  const reader = new ScalaReader(text);
  const statements: PyStmt[] = [
    {
      kind: 'import',
      names: [{ name: functionsModule, alias: columnFunctionsName, start: 0, end: 0 }],
      start: 0,
      end: 0,
    },
  ];
  statements.push(...reader.block(root, 0));
  if (root.hasError) reader.collectSyntaxProblems(root);
  return { statements, problems: reader.problems };
}

type CallParts = { readonly callee: PyExpr; readonly args: PyArg[]; readonly lists: readonly (readonly PyArg[])[] };

class ScalaReader {
  readonly problems: LoweringProblem[] = [];
  private syntaxProblems = 0;
  /** Definitions hoisted out of the expressions of the statement being read (block lambdas). */
  private hoisted: PyStmt[] = [];

  constructor(private readonly text: string) {}

  // -- statements --------------------------------------------------------------

  /** The statements of a block-like node (compilation unit, template body, block). */
  block(node: SyntaxNode, depth: number): PyStmt[] {
    const out: PyStmt[] = [];
    if (depth > maxDepth) {
      this.unsupported(`blocks nested more than ${maxDepth} deep are not analysed`, node);
      return out;
    }
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment' || child.type === 'block_comment') continue;
      const outer = this.hoisted;
      this.hoisted = [];
      let statements: PyStmt[];
      try {
        statements = this.statement(child, depth + 1);
      } catch (error) {
        const message = error instanceof RangeError ? 'statement too deeply nested to analyse' : `internal error while reading this statement: ${String(error)}`;
        this.unsupported(message, child);
        statements = [{ kind: 'error', start: child.startIndex, end: child.endIndex }];
      }
      out.push(...this.hoisted, ...statements);
      this.hoisted = outer;
    }
    return out;
  }

  /** A block whose last expression is its value: that expression becomes `return`. */
  private bodyOf(node: SyntaxNode, depth: number): PyStmt[] {
    if (isBlock(node.type)) {
      const statements = this.block(node, depth);
      const last = statements[statements.length - 1];
      if (last?.kind === 'expression') statements[statements.length - 1] = { kind: 'return', value: last.value, start: last.start, end: last.end };
      return statements;
    }
    const value = this.expression(node, depth);
    return [{ kind: 'return', value, start: node.startIndex, end: node.endIndex }];
  }

  private statement(node: SyntaxNode, depth: number): PyStmt[] {
    const start = node.startIndex;
    const end = node.endIndex;
    switch (node.type) {
      case 'import_declaration':
        return this.importDeclaration(node);
      case 'package_clause': {
        const body = node.childForFieldName('body');
        return body ? this.block(body, depth) : [];
      }
      case 'package_object':
      case 'object_definition':
      case 'class_definition':
      case 'trait_definition':
      case 'enum_definition': {
        const name = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        return [{
          kind: 'class',
          name: name ? this.textOf(name) : 'anonymous',
          nameStart: name ? name.startIndex : start,
          bases: [],
          body: body ? this.block(body, depth) : [],
          start,
          end,
        }];
      }
      case 'function_definition':
        return [this.functionDefinition(node, depth)];
      case 'function_declaration':
      case 'type_definition':
      case 'package_identifier':
        return [];
      case 'val_definition':
      case 'var_definition': {
        const pattern = node.childForFieldName('pattern');
        const value = node.childForFieldName('value');
        if (!pattern || !value) return [];
        return [{ kind: 'assign', targets: [this.pattern(pattern)], op: '=', value: this.expression(value, depth), start, end }];
      }
      case 'val_declaration':
      case 'var_declaration':
        return [];
      case 'assignment_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return [];
        const operator = this.text.slice(left.endIndex, right.startIndex).trim();
        return [{ kind: 'assign', targets: [this.expression(left, depth)], op: operator === '=' ? '=' : operator, value: this.expression(right, depth), start, end }];
      }
      case 'if_expression': {
        const condition = node.childForFieldName('condition');
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        const headers = condition ? [this.expression(condition, depth)] : [];
        const bodies = [consequence, alternative].filter((part): part is SyntaxNode => part !== null).map((part) => this.branch(part, depth));
        return [{ kind: 'compound', keyword: 'if', headers, bindings: [], bodies, start, end }];
      }
      case 'while_expression':
      case 'do_while_expression': {
        const condition = node.childForFieldName('condition');
        const body = node.childForFieldName('body');
        return [{
          kind: 'compound',
          keyword: 'while',
          headers: condition ? [this.expression(condition, depth)] : [],
          bindings: [],
          bodies: body ? [this.branch(body, depth)] : [],
          start,
          end,
        }];
      }
      case 'for_expression':
        return [this.forExpression(node, depth)];
      case 'try_expression': {
        const bodies: PyStmt[][] = [];
        for (const child of node.namedChildren) {
          if (!child) continue;
          if (child.type === 'catch_clause') {
            const handlers = child.namedChildren.find((part) => part?.type === 'case_block');
            for (const clause of handlers?.namedChildren ?? []) {
              const body = clause?.childForFieldName('body');
              if (body) bodies.push(this.branch(body, depth));
            }
          } else if (child.type === 'finally_clause') {
            const body = child.namedChildren[child.namedChildren.length - 1];
            if (body) bodies.push(this.branch(body, depth));
          } else {
            bodies.push(this.branch(child, depth));
          }
        }
        return [{ kind: 'compound', keyword: 'try', headers: [], bindings: [], bodies, start, end }];
      }
      case 'match_expression': {
        const value = node.childForFieldName('value');
        const body = node.childForFieldName('body');
        const bodies: PyStmt[][] = [];
        for (const clause of body?.namedChildren ?? []) {
          const clauseBody = clause?.childForFieldName('body');
          if (clauseBody) bodies.push(this.branch(clauseBody, depth));
        }
        return [{ kind: 'compound', keyword: 'match', headers: value ? [this.expression(value, depth)] : [], bindings: [], bodies, start, end }];
      }
      case 'return_expression': {
        const value = node.namedChildren[0];
        return [{ kind: 'return', value: value ? this.expression(value, depth) : null, start, end }];
      }
      case 'block':
      case 'indented_block':
        return [{ kind: 'compound', keyword: 'block', headers: [], bindings: [], bodies: [this.block(node, depth)], start, end }];
      case 'ERROR':
        return [{ kind: 'error', start, end }];
      default:
        if (!isExpression(node)) return [];
        return [{ kind: 'expression', value: this.expression(node, depth), start, end }];
    }
  }

  /** A branch body: a block's statements, or one expression as a statement. */
  private branch(node: SyntaxNode, depth: number): PyStmt[] {
    if (isBlock(node.type)) return this.block(node, depth);
    return this.statement(node, depth + 1);
  }

  private forExpression(node: SyntaxNode, depth: number): PyStmt {
    const headers: PyExpr[] = [];
    const bindings: { target: PyExpr; value: PyExpr | null }[] = [];
    // the field also names the parentheses around the enumerators
    const enumerators = node.namedChildren.find((child) => child?.type === 'enumerators') ?? null;
    for (const enumerator of enumerators?.namedChildren ?? []) {
      if (!enumerator || enumerator.type !== 'enumerator') continue;
      const parts = enumerator.namedChildren.filter((part): part is SyntaxNode => part !== null);
      const target = parts[0];
      const source = parts[parts.length - 1];
      if (!target || !source || target === source) continue;
      const value = this.expression(source, depth);
      headers.push(value);
      bindings.push({ target: this.pattern(target), value });
    }
    const body = node.childForFieldName('body');
    return {
      kind: 'compound',
      keyword: 'for',
      headers,
      bindings,
      bodies: body ? [this.branch(body, depth)] : [],
      start: node.startIndex,
      end: node.endIndex,
    };
  }

  private functionDefinition(node: SyntaxNode, depth: number): Extract<PyStmt, { kind: 'def' }> {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const params: PyParam[] = [];
    for (const child of node.namedChildren) {
      if (child?.type !== 'parameters') continue;
      for (const parameter of child.namedChildren) {
        if (parameter?.type !== 'parameter') continue;
        const parameterName = parameter.childForFieldName('name');
        if (!parameterName) continue;
        const defaultValue = parameter.childForFieldName('default_value');
        params.push({
          name: this.textOf(parameterName),
          star: '',
          defaultValue: defaultValue ? this.expression(defaultValue, depth) : null,
          start: parameterName.startIndex,
          end: parameterName.endIndex,
        });
      }
    }
    return {
      kind: 'def',
      name: name ? this.textOf(name) : 'anonymous',
      nameStart: name ? name.startIndex : node.startIndex,
      params,
      decorators: [],
      body: body ? this.bodyOf(body, depth + 1) : [],
      start: node.startIndex,
      end: node.endIndex,
    };
  }

  private importDeclaration(node: SyntaxNode): PyStmt[] {
    const start = node.startIndex;
    const end = node.endIndex;
    const path: string[] = [];
    const statements: PyStmt[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'identifier':
          path.push(this.textOf(child));
          break;
        case 'namespace_wildcard':
          statements.push({ kind: 'importFrom', module: path.join('.'), names: [], star: true, start, end });
          break;
        case 'namespace_selectors': {
          const names: PyImportName[] = [];
          let star = false;
          for (const selector of child.namedChildren) {
            if (!selector) continue;
            if (selector.type === 'identifier') {
              names.push({ name: this.textOf(selector), alias: null, start: selector.startIndex, end: selector.endIndex });
            } else if (selector.type === 'arrow_renamed_identifier' || selector.type === 'as_renamed_identifier') {
              const name = selector.childForFieldName('name');
              const alias = selector.childForFieldName('alias');
              // `{x => _}` hides x: nothing is bound
              if (name && alias && alias.type === 'identifier') {
                names.push({ name: this.textOf(name), alias: this.textOf(alias), start: selector.startIndex, end: selector.endIndex });
              }
            } else if (selector.type === 'namespace_wildcard' || selector.type === 'wildcard') {
              star = true;
            }
          }
          const module = path.join('.');
          if (names.length > 0) statements.push({ kind: 'importFrom', module, names, star: false, start, end });
          if (star) statements.push({ kind: 'importFrom', module, names: [], star: true, start, end });
          break;
        }
        default:
          break;
      }
    }
    if (statements.length === 0 && path.length > 0) {
      // `import a.b.c` binds `c`, not `a` as in Python
      const name = path.join('.');
      statements.push({ kind: 'import', names: [{ name, alias: path[path.length - 1] ?? name, start, end }], start, end });
    }
    return statements;
  }

  /** A binding pattern: a name, a tuple of names, or anything else (read as an expression that binds nothing). */
  private pattern(node: SyntaxNode): PyExpr {
    const range = { start: node.startIndex, end: node.endIndex };
    switch (node.type) {
      case 'identifier':
        return { kind: 'name', name: this.textOf(node), ...range };
      case 'typed_pattern': {
        const inner = node.childForFieldName('pattern') ?? node.namedChildren[0];
        return inner ? this.pattern(inner) : { kind: 'error', ...range };
      }
      case 'tuple_pattern':
        return {
          kind: 'sequence',
          type: 'tuple',
          items: node.namedChildren.filter((child): child is SyntaxNode => child !== null).map((child) => this.pattern(child)),
          ...range,
        };
      default:
        return { kind: 'error', ...range };
    }
  }

  // -- expressions -------------------------------------------------------------

  expression(node: SyntaxNode, depth: number): PyExpr {
    const start = node.startIndex;
    const end = node.endIndex;
    if (depth > maxDepth) {
      this.unsupported(`expression nested more than ${maxDepth} deep is not analysed`, node);
      return { kind: 'error', start, end };
    }
    const next = depth + 1;
    switch (node.type) {
      case 'identifier':
      case 'operator_identifier': {
        const name = this.textOf(node).replace(/^`|`$/g, '');
        // `StringType` is an object in Scala, a class to call in Python
        if (name in simpleTypeNames) return { kind: 'call', callee: { kind: 'name', name, start, end }, args: [], start, end };
        return { kind: 'name', name, start, end };
      }
      case 'string':
        return this.stringLiteral(node);
      case 'interpolated_string_expression':
        return this.interpolated(node, next);
      case 'integer_literal':
      case 'floating_point_literal': {
        const raw = this.textOf(node).replace(/_/g, '');
        const isFloat = node.type === 'floating_point_literal';
        const value = isFloat ? Number.parseFloat(raw) : Number(raw.replace(/[lL]$/, ''));
        return { kind: 'number', value: Number.isFinite(value) ? value : 0, isFloat, start, end };
      }
      case 'boolean_literal':
        return { kind: 'constant', value: this.textOf(node) === 'true', start, end };
      case 'null_literal':
        return { kind: 'constant', value: null, start, end };
      case 'unit':
        return { kind: 'constant', value: null, start, end };
      case 'quote_expression':
      case 'symbol_literal': {
        const name = this.textOf(node).replace(/^'/, '');
        return this.columnCall({ kind: 'string', value: name, template: false, holes: [], parts: [name], formatted: false, start, end }, start, end);
      }
      case 'field_expression':
        return this.fieldExpression(node, next);
      case 'call_expression':
        return this.callExpression(node, next);
      case 'generic_function': {
        const inner = node.childForFieldName('function');
        if (!inner) return { kind: 'error', start, end };
        // `ds.as[T]`: the call of `as` with no arguments
        if (inner.type === 'field_expression') return this.memberCall(inner, [], end, next);
        return this.expression(inner, next);
      }
      case 'instance_expression': {
        const type = node.namedChildren.find((child) => child !== null && child.type !== 'arguments' && child.type !== 'template_body');
        const argumentsNode = node.namedChildren.find((child) => child?.type === 'arguments') ?? null;
        const typeName = type ? this.textOf(type).replace(/\[[\s\S]*$/, '') : 'Object';
        const callee: PyExpr = { kind: 'name', name: typeName.split('.').pop() ?? typeName, start: type?.startIndex ?? start, end: type?.endIndex ?? end };
        return { kind: 'call', callee, args: argumentsNode ? this.argumentList(argumentsNode, next) : [], start, end };
      }
      case 'infix_expression':
        return this.infix(node, next);
      case 'prefix_expression': {
        const operand = node.namedChildren[node.namedChildren.length - 1];
        const operator = this.text.slice(start, operand?.startIndex ?? end).trim();
        if (!operand) return { kind: 'error', start, end };
        const inner = this.expression(operand, next);
        if (operator === '!') return { kind: 'unary', op: 'not', operand: inner, start, end };
        if (operator === '-' || operator === '+' || operator === '~') return { kind: 'unary', op: operator, operand: inner, start, end };
        return inner;
      }
      case 'postfix_expression': {
        const [operand, operator] = node.namedChildren;
        if (!operand) return { kind: 'error', start, end };
        // `handler _` (eta expansion) is the function itself
        if (!operator || this.textOf(operator) === '_') return this.expression(operand, next);
        const object = this.expression(operand, next);
        const name = this.textOf(operator);
        const callee: PyExpr = { kind: 'attribute', object, name, dot: operator.startIndex, nameStart: operator.startIndex, start, end };
        return { kind: 'call', callee, args: [], start, end };
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((child) => child !== null && child.type !== 'comment');
        return inner ? { kind: 'paren', inner: this.expression(inner, next), start, end } : { kind: 'error', start, end };
      }
      case 'tuple_expression':
        return { kind: 'sequence', type: 'tuple', items: this.children(node, next), start, end };
      case 'ascription_expression': {
        const inner = node.namedChildren[0];
        return inner ? this.expression(inner, next) : { kind: 'error', start, end };
      }
      case 'lambda_expression':
        return this.lambda(node, next);
      case 'block':
      case 'indented_block': {
        // `{ expr }` is the expression; a bigger block used as a value keeps its parts
        const children = node.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'comment');
        const only = children[0];
        if (children.length === 1 && only && isExpression(only)) return this.expression(only, next);
        const statements = this.block(node, next);
        const exprs: PyExpr[] = [];
        for (const stmt of statements) if (stmt.kind === 'expression') exprs.push(stmt.value);
        this.hoisted.push(...statements.filter((stmt) => stmt.kind !== 'expression'));
        const last = exprs[exprs.length - 1];
        return last && statements[statements.length - 1]?.kind === 'expression' ? last : { kind: 'other', parts: exprs, start, end };
      }
      case 'wildcard':
        return { kind: 'name', name: '_', start, end };
      case 'ERROR':
        return { kind: 'error', start, end };
      default:
        // if/match/try used as values, case blocks, anything else: keep the parts so calls inside still run
        return { kind: 'other', parts: this.children(node, next), start, end };
    }
  }

  private children(node: SyntaxNode, depth: number): PyExpr[] {
    const out: PyExpr[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment' || !isExpression(child)) continue;
      out.push(this.expression(child, depth));
    }
    return out;
  }

  private stringLiteral(node: SyntaxNode): PyExpr {
    const start = node.startIndex;
    const end = node.endIndex;
    const raw = this.textOf(node);
    const value = raw.startsWith('"""') ? raw.slice(3, Math.max(3, raw.length - 3)) : unescape(raw.slice(1, Math.max(1, raw.length - 1)));
    const literal: PyExpr = { kind: 'string', value, template: false, holes: [], parts: [value], formatted: false, start, end };
    // `$"c"`: tree-sitter-scala reads `$` as an error token before the string
    if (start > 0 && this.text[start - 1] === '$') return this.columnCall(literal, start - 1, end);
    return literal;
  }

  private interpolated(node: SyntaxNode, depth: number): PyExpr {
    const start = node.startIndex;
    const end = node.endIndex;
    const interpolator = node.childForFieldName('interpolator');
    const body = node.namedChildren.find((child) => child?.type === 'interpolated_string') ?? null;
    const holes: PyExpr[] = [];
    for (const child of body?.namedChildren ?? []) {
      if (child?.type !== 'interpolation') continue;
      const inner = child.namedChildren[0];
      if (inner) holes.push(this.expression(inner, depth));
    }
    const bodyText = body ? this.textOf(body) : '';
    const content = bodyText.startsWith('"""') ? bodyText.slice(3, -3) : bodyText.slice(1, -1);
    const name = interpolator ? this.textOf(interpolator) : '';
    if (name === '$') {
      const column = unescape(content);
      return this.columnCall({ kind: 'string', value: column, template: false, holes: [], parts: [column], formatted: false, start: start + 1, end }, start, end);
    }
    if (holes.length === 0 && (name === 's' || name === 'raw' || name === 'f')) {
      const value = name === 'raw' ? content : unescape(content.replace(/\$\$/g, '$'));
      return { kind: 'string', value, template: false, holes: [], parts: [value], formatted: false, start, end };
    }
    // The constant text before the first hole: enough for prefix checks (an S3 checkpoint root)
    const prefix = unescape(content.split('$')[0] ?? '');
    return { kind: 'string', value: prefix, template: true, holes, parts: [prefix], formatted: true, start, end };
  }

  /** `functions.col(<name>)` spanning the Scala column syntax. */
  private columnCall(name: PyExpr, start: number, end: number): PyExpr {
    const functions: PyExpr = { kind: 'name', name: columnFunctionsName, start, end: start };
    const callee: PyExpr = { kind: 'attribute', object: functions, name: 'col', dot: start, nameStart: start, start, end: start };
    return { kind: 'call', callee, args: [{ kind: 'positional', value: name }], start, end };
  }

  private fieldExpression(node: SyntaxNode, depth: number): PyExpr {
    const start = node.startIndex;
    const end = node.endIndex;
    const value = node.childForFieldName('value');
    const field = node.childForFieldName('field');
    if (!value || !field) return { kind: 'error', start, end };
    const name = this.textOf(field);
    if ((value.type === 'identifier' || value.type === 'field_expression') && /^(?:[\w.]+\.)?OutputMode$/.test(this.textOf(value)) && outputModes[name]) {
      return { kind: 'string', value: outputModes[name]!, template: false, holes: [], parts: [], formatted: false, start, end };
    }
    // `10.seconds` (scala.concurrent.duration) as Spark's interval string
    if (value.type === 'integer_literal' && durationUnits.test(name)) {
      const text = `${this.textOf(value)} ${name}`;
      return { kind: 'string', value: text, template: false, holes: [], parts: [text], formatted: false, start, end };
    }
    if (properties.has(name)) return this.attribute(node, value, field, depth);
    return this.memberCall(node, [], end, depth);
  }

  private attribute(node: SyntaxNode, value: SyntaxNode, field: SyntaxNode, depth: number): PyExpr {
    return {
      kind: 'attribute',
      object: this.expression(value, depth),
      name: this.textOf(field),
      dot: this.dotOf(value, field),
      nameStart: field.startIndex,
      start: node.startIndex,
      end: field.endIndex,
    };
  }

  /** `receiver.name(args)` from a field expression node. */
  private memberCall(fieldNode: SyntaxNode, args: PyArg[], end: number, depth: number): PyExpr {
    const value = fieldNode.childForFieldName('value');
    const field = fieldNode.childForFieldName('field');
    if (!value || !field) return { kind: 'error', start: fieldNode.startIndex, end };
    const callee = this.attribute(fieldNode, value, field, depth);
    return this.desugarCall({ kind: 'call', callee, args, start: fieldNode.startIndex, end });
  }

  private dotOf(value: SyntaxNode, field: SyntaxNode): number {
    const between = this.text.slice(value.endIndex, field.startIndex);
    const index = between.lastIndexOf('.');
    return index >= 0 ? value.endIndex + index : field.startIndex;
  }

  private callExpression(node: SyntaxNode, depth: number): PyExpr {
    const start = node.startIndex;
    const end = node.endIndex;
    const parts = this.callParts(node, depth);
    if (!parts) return { kind: 'error', start, end };
    const call = this.desugarCall({ kind: 'call', callee: parts.callee, args: parts.args, start, end }, parts.lists);
    return call;
  }

  /** Flattens curried calls `f(a)(b)` into one callee and its argument lists. */
  private callParts(node: SyntaxNode, depth: number): CallParts | null {
    const lists: SyntaxNode[] = [];
    let current: SyntaxNode | null = node;
    while (current && current.type === 'call_expression') {
      const argumentsNode = current.childForFieldName('arguments');
      if (argumentsNode) lists.unshift(argumentsNode);
      current = current.childForFieldName('function');
    }
    if (!current) return null;
    const readLists = lists.map((list) => this.argumentList(list, depth));
    let callee: PyExpr;
    if (current.type === 'field_expression') {
      const value = current.childForFieldName('value');
      const field = current.childForFieldName('field');
      if (!value || !field) return null;
      callee = this.attribute(current, value, field, depth);
    } else if (current.type === 'generic_function') {
      const inner = current.childForFieldName('function');
      if (!inner) return null;
      const value = inner.type === 'field_expression' ? inner.childForFieldName('value') : null;
      const field = inner.type === 'field_expression' ? inner.childForFieldName('field') : null;
      callee = value && field ? this.attribute(inner, value, field, depth) : this.expression(inner, depth);
    } else {
      callee = this.expression(current, depth);
    }
    return { callee, args: readLists.flat(), lists: readLists };
  }

  private argumentList(node: SyntaxNode, depth: number): PyArg[] {
    // A trailing block or lambda (`foreachBatch { ... }`) is the one argument.
    if (node.type !== 'arguments') return [{ kind: 'positional', value: this.expression(node, depth) }];
    const args: PyArg[] = [];
    for (const child of node.namedChildren) {
      if (!child || child.type === 'comment' || child.type === 'ERROR') continue;
      if (child.type === 'assignment_expression') {
        // named argument `f(x = 1)`
        const left = child.childForFieldName('left');
        const right = child.childForFieldName('right');
        if (left?.type === 'identifier' && right) {
          args.push({ kind: 'keyword', name: this.textOf(left), nameStart: left.startIndex, value: this.expression(right, depth) });
          continue;
        }
      }
      args.push({ kind: 'positional', value: this.expression(child, depth) });
    }
    return args;
  }

  /** The Scala-only call forms, rewritten to what the interpreter reads. */
  private desugarCall(call: Extract<PyExpr, { kind: 'call' }>, lists: readonly (readonly PyArg[])[] = [call.args]): PyExpr {
    const { callee, args, start, end } = call;
    if (callee.kind === 'name') {
      if (sequenceConstructors.has(callee.name)) return { kind: 'sequence', type: 'list', items: args.map((arg) => arg.value), start, end };
      if (transparentWrappers.has(callee.name) && args.length === 1 && args[0]) return args[0].value;
      if (callee.name === 'Map') return { kind: 'dict', entries: args.map((arg) => mapEntry(arg.value)), start, end };
      return call;
    }
    if (callee.kind !== 'attribute') return call;
    const name = callee.name;
    const receiver = callee.object;
    if (isObjectNamed(receiver, 'OutputMode') && outputModes[name]) {
      return { kind: 'string', value: outputModes[name]!, template: false, holes: [], parts: [], formatted: false, start, end };
    }
    if (args.length === 0 && properties.has(name)) return callee;
    // Column.as(alias) and Dataset.as(alias) are PySpark's alias
    if (name === 'as' && args.length > 0) return { ...call, callee: { ...callee, name: 'alias' } };
    if (name === 'trigger' && args.length === 1 && args[0]?.kind === 'positional') {
      const keyword = this.triggerKeyword(args[0].value);
      if (keyword) return { ...call, args: [keyword] };
    }
    if (statefulFunctions.has(name)) return { ...call, args: this.statefulArguments(lists) };
    return call;
  }

  /** `Trigger.ProcessingTime("10 seconds")` as the keyword argument PySpark's `trigger(processingTime=...)` takes. */
  private triggerKeyword(value: PyExpr): PyArg | null {
    if (value.kind !== 'call' && value.kind !== 'attribute') return null;
    const callee = value.kind === 'call' ? value.callee : value;
    if (callee.kind !== 'attribute' || !isObjectNamed(callee.object, 'Trigger')) return null;
    const args = value.kind === 'call' ? value.args.map((arg) => arg.value) : [];
    const yes: PyExpr = { kind: 'constant', value: true, start: value.start, end: value.end };
    const keyword = (name: string, argument: PyExpr): PyArg => ({ kind: 'keyword', name, nameStart: callee.nameStart, value: argument });
    switch (callee.name) {
      case 'Once':
        return keyword('once', yes);
      case 'AvailableNow':
        return keyword('availableNow', yes);
      case 'ProcessingTime':
        return keyword('processingTime', this.interval(args, value));
      case 'Continuous':
        return keyword('continuous', this.interval(args, value));
      case 'RealTime':
        return keyword('realTime', this.interval(args, value));
      default:
        return null;
    }
  }

  /** An interval as Spark's string: `"10 seconds"`, `(10, TimeUnit.SECONDS)`, a number of milliseconds, `10.seconds`. */
  private interval(args: readonly PyExpr[], whole: PyExpr): PyExpr {
    const [first, second] = args;
    if (!first) return { kind: 'error', start: whole.start, end: whole.end };
    const span = { start: first.start, end: (second ?? first).end };
    const text = (value: string): PyExpr => ({ kind: 'string', value, template: false, holes: [], parts: [value], formatted: false, ...span });
    if (first.kind === 'number' && second) {
      const unitText = this.text.slice(second.start, second.end);
      const unit = timeUnits[unitText.split('.').pop() ?? ''];
      if (unit) return text(`${first.value} ${unit}`);
    }
    if (first.kind === 'number' && !second) return text(`${first.value} milliseconds`);
    if (first.kind === 'call' && first.callee.kind === 'name' && first.callee.name === 'Duration' && first.args[0]?.value.kind === 'string') {
      return first.args[0].value;
    }
    return first;
  }

  /**
   * `mapGroupsWithState(timeout)(func)`, `flatMapGroupsWithState(mode, timeout[, initialState])(func)`:
   * the mode, the timeout, the initial state and the function by keyword, so
   * positions do not matter.
   */
  private statefulArguments(lists: readonly (readonly PyArg[])[]): PyArg[] {
    const out: PyArg[] = [];
    const last = lists.length > 1 ? lists[lists.length - 1] ?? [] : [];
    const settings = lists.length > 1 ? lists.slice(0, -1).flat() : lists[0] ?? [];
    for (const arg of settings) {
      if (arg.kind !== 'positional') {
        out.push(arg);
        continue;
      }
      const text = this.text.slice(arg.value.start, arg.value.end);
      const nameStart = arg.value.start;
      if (arg.value.kind === 'string' && /^OutputMode\b/.test(text)) out.push({ kind: 'keyword', name: 'outputMode', nameStart, value: arg.value });
      else if (/^(?:GroupStateTimeout\.)?\w*Timeout\b/.test(text)) out.push({ kind: 'keyword', name: 'timeMode', nameStart, value: arg.value });
      else if (lists.length > 1) out.push({ kind: 'keyword', name: 'initialState', nameStart, value: arg.value });
      else out.push({ kind: 'keyword', name: 'func', nameStart, value: arg.value });
    }
    for (const arg of last) out.push(arg.kind === 'positional' ? { kind: 'keyword', name: 'func', nameStart: arg.value.start, value: arg.value } : arg);
    return out;
  }

  /**
   * tree-sitter-scala nests a run of infix operators to the left whatever the
   * operators, so `a =!= b || c > 3` arrives as `((a =!= b) || c) > 3`. The run
   * is flattened and regrouped by Scala's precedence (the operator's first
   * character), so the column expression means what Scala computes.
   */
  private infix(node: SyntaxNode, depth: number): PyExpr {
    const operands: SyntaxNode[] = [];
    const operators: SyntaxNode[] = [];
    let current: SyntaxNode = node;
    for (;;) {
      const leftNode = current.childForFieldName('left');
      const rightNode = current.childForFieldName('right');
      const operatorNode = current.childForFieldName('operator');
      if (!leftNode || !rightNode || !operatorNode) return { kind: 'other', parts: this.children(node, depth), start: node.startIndex, end: node.endIndex };
      operands.unshift(rightNode);
      operators.unshift(operatorNode);
      if (leftNode.type !== 'infix_expression') {
        operands.unshift(leftNode);
        break;
      }
      current = leftNode;
    }
    const values = operands.map((operand) => this.expression(operand, depth));
    let position = 0;
    const climb = (minimum: number): PyExpr => {
      let left = values[position]!;
      while (position < operators.length) {
        const operatorNode = operators[position]!;
        const precedence = precedenceOf(this.textOf(operatorNode));
        if (precedence < minimum) break;
        position++;
        const right = climb(precedence + 1);
        left = this.infixValue(left, operatorNode, right);
      }
      return left;
    };
    return climb(0);
  }

  private infixValue(left: PyExpr, operatorNode: SyntaxNode, right: PyExpr): PyExpr {
    const start = left.start;
    const end = right.end;
    const operator = this.textOf(operatorNode);
    const logical = booleanOperators[operator];
    if (logical) return { kind: 'boolean', op: logical, left, right, start, end };
    const binary = binaryOperators[operator];
    if (binary) return { kind: 'binary', op: binary, left, right, start, end };
    if (operator === '->') return { kind: 'sequence', type: 'tuple', items: [left, right], start, end };
    // `a join b`, `df union other`: the method call written infix
    const callee: PyExpr = { kind: 'attribute', object: left, name: operator, dot: operatorNode.startIndex, nameStart: operatorNode.startIndex, start, end: operatorNode.endIndex };
    const args: PyArg[] = right.kind === 'paren' ? [{ kind: 'positional', value: right.inner }] : right.kind === 'sequence' && right.type === 'tuple' ? right.items.map((value) => ({ kind: 'positional', value })) : [{ kind: 'positional', value: right }];
    return this.desugarCall({ kind: 'call', callee, args, start, end });
  }

  private lambda(node: SyntaxNode, depth: number): PyExpr {
    const start = node.startIndex;
    const end = node.endIndex;
    const params: PyParam[] = [];
    const parametersNode = node.childForFieldName('parameters');
    const bindings = parametersNode ? (parametersNode.type === 'bindings' ? parametersNode.namedChildren : [parametersNode]) : [];
    for (const binding of bindings) {
      if (!binding) continue;
      const nameNode = binding.type === 'binding' ? binding.childForFieldName('name') : binding;
      if (!nameNode) continue;
      params.push({ name: this.textOf(nameNode), star: '', defaultValue: null, start: nameNode.startIndex, end: nameNode.endIndex });
    }
    const body = node.namedChildren.filter((child): child is SyntaxNode => child !== null && child !== parametersNode && child.type !== 'comment');
    const bodyNode = body[body.length - 1];
    if (!bodyNode) return { kind: 'error', start, end };
    if (!isBlock(bodyNode.type) && isExpression(bodyNode)) return { kind: 'lambda', params, body: this.expression(bodyNode, depth), start, end };
    // A lambda with a block body (`foreachBatch { (batch, id) => ... }`) runs as a
    // function defined just before the statement that holds it, so its body is
    // lowered statement by statement and the names it uses are known.
    const name = 'lambda';
    this.hoisted.push({ kind: 'def', name, nameStart: start, params, decorators: [], body: this.bodyOf(bodyNode, depth), start, end });
    return { kind: 'name', name, start, end };
  }

  // -- problems ----------------------------------------------------------------

  /** Reports ERROR and MISSING nodes, visiting only subtrees that contain errors; the `$` of `$"c"` is not an error. */
  collectSyntaxProblems(root: SyntaxNode): void {
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.isMissing) {
        this.syntax(`syntax error: missing \`${node.type}\``, node.startIndex, node.endIndex);
        continue;
      }
      if (node.isError) {
        const snippet = this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 30)).split('\n')[0]?.trim() ?? '';
        if (snippet === '$' && this.text[node.endIndex] === '"') continue;
        this.syntax(snippet ? `syntax error: cannot read \`${snippet}\`` : 'syntax error', node.startIndex, node.endIndex);
      }
      const children = node.children;
      for (let index = children.length - 1; index >= 0; index--) {
        const child = children[index];
        if (child && (child.hasError || child.isMissing)) stack.push(child);
      }
    }
    if (this.syntaxProblems > maxSyntaxProblems) {
      this.problems.push({ kind: 'syntax', message: `${this.syntaxProblems - maxSyntaxProblems} more syntax errors not listed`, span: { start: root.startIndex, end: root.startIndex } });
    }
  }

  private syntax(message: string, start: number, end: number): void {
    this.syntaxProblems++;
    if (this.syntaxProblems <= maxSyntaxProblems) this.problems.push({ kind: 'syntax', message, span: { start, end } });
  }

  private unsupported(message: string, node: SyntaxNode): void {
    this.problems.push({ kind: 'unsupported', message, span: { start: node.startIndex, end: node.endIndex } });
  }

  private textOf(node: SyntaxNode): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }
}

/** Scala's operator precedence, by the first character (letters bind loosest, other symbols tightest). */
function precedenceOf(operator: string): number {
  const first = operator.charAt(0);
  if (/[A-Za-z_$]/.test(first)) return 1;
  switch (first) {
    case '|':
      return 2;
    case '^':
      return 3;
    case '&':
      return 4;
    case '=':
    case '!':
      return 5;
    case '<':
    case '>':
      return 6;
    case ':':
      return 7;
    case '+':
    case '-':
      return 8;
    case '*':
    case '/':
    case '%':
      return 9;
    default:
      return 10;
  }
}

function isBlock(type: string): boolean {
  return type === 'block' || type === 'indented_block';
}

const nonExpressionTypes = new Set([
  'comment', 'block_comment', 'import_declaration', 'package_clause', 'type_definition', 'function_declaration', 'val_declaration',
  'var_declaration', 'modifiers', 'annotation', 'type_identifier', 'generic_type', 'type_arguments', 'parameters', 'bindings',
]);

function isExpression(node: SyntaxNode): boolean {
  return !nonExpressionTypes.has(node.type) && !node.type.endsWith('_definition');
}

function mapEntry(value: PyExpr): { readonly key: PyExpr | null; readonly value: PyExpr } {
  if (value.kind === 'sequence' && value.items.length === 2 && value.items[0] && value.items[1]) return { key: value.items[0], value: value.items[1] };
  return { key: null, value };
}

/** Decodes Scala's string escapes (the common ones; unicode escapes included). */
function unescape(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_match, escape: string) => {
    if (escape.startsWith('u') && escape.length === 5) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    switch (escape) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      default:
        return escape;
    }
  });
}

/** `name`, or `name` written with its package (`org.apache.spark.sql.streaming.Trigger`): a dotted path of names ending in it. */
function isObjectNamed(expr: PyExpr, name: string): boolean {
  let current: PyExpr = expr;
  // A path segment reads as a call without arguments (Scala's parameterless member access).
  if (current.kind === 'call' && current.args.length === 0) current = current.callee;
  if (current.kind === 'name') return current.name === name;
  if (current.kind !== 'attribute' || current.name !== name) return false;
  let object: PyExpr = current.object;
  for (;;) {
    if (object.kind === 'call' && object.args.length === 0) object = object.callee;
    if (object.kind !== 'attribute') return object.kind === 'name';
    object = object.object;
  }
}
