// A small Python syntax tree in plain JavaScript objects: the part of Python
// the lowering reads, with UTF-16 offsets into the file's text.
//
// Why not read tree-sitter nodes directly: every node access through
// web-tree-sitter crosses into wasm (~150 ns), and visiting every node of a
// file costs more than parsing it. So tree-sitter gives the statement structure
// and the syntax errors, and the expressions of error-free statements are read
// from the text by `parse-statement.ts` into this tree.

export interface Range {
  readonly start: number;
  readonly end: number;
}

export type PyExpr =
  | (Range & { readonly kind: 'name'; readonly name: string })
  /** `object.name`; `dot` is the offset of the `.` (start of a call's `callSpan`). */
  | (Range & { readonly kind: 'attribute'; readonly object: PyExpr; readonly name: string; readonly dot: number; readonly nameStart: number })
  | (Range & { readonly kind: 'call'; readonly callee: PyExpr; readonly args: readonly PyArg[] })
  /**
   * One string literal or an implicit concatenation of several. `value` is the
   * decoded text for plain strings; for f-strings `template` is true, `value`
   * holds the constant text before the first hole, `holes` the expressions and
   * `parts` the constant text around them; `formatted` when a hole has a
   * conversion or format spec.
   */
  | (Range & {
      readonly kind: 'string';
      readonly value: string;
      readonly template: boolean;
      readonly holes: readonly PyExpr[];
      readonly parts: readonly string[];
      readonly formatted: boolean;
    })
  /** `isFloat` when written with a point or an exponent (`1.0`, `1e3`). */
  | (Range & { readonly kind: 'number'; readonly value: number; readonly isFloat: boolean })
  | (Range & { readonly kind: 'constant'; readonly value: boolean | null })
  /** Arithmetic, bitwise and comparison operators, `op` as written (`+`, `&`, `==`, `not in`, `is not`, ...). */
  | (Range & { readonly kind: 'binary'; readonly op: string; readonly left: PyExpr; readonly right: PyExpr })
  | (Range & { readonly kind: 'boolean'; readonly op: 'and' | 'or'; readonly left: PyExpr; readonly right: PyExpr })
  | (Range & { readonly kind: 'unary'; readonly op: 'not' | '-' | '+' | '~'; readonly operand: PyExpr })
  | (Range & { readonly kind: 'subscript'; readonly object: PyExpr; readonly index: PyExpr })
  | (Range & { readonly kind: 'paren'; readonly inner: PyExpr })
  | (Range & { readonly kind: 'sequence'; readonly type: 'tuple' | 'list' | 'set'; readonly items: readonly PyExpr[] })
  | (Range & { readonly kind: 'dict'; readonly entries: readonly PyDictEntry[] })
  /** `*x` or `**x` inside a list, tuple or dict display. */
  | (Range & { readonly kind: 'starred'; readonly double: boolean; readonly value: PyExpr })
  | (Range & { readonly kind: 'lambda'; readonly params: readonly PyParam[]; readonly body: PyExpr })
  /**
   * Anything else (comprehensions, conditional expressions, slices, await,
   * yield, walrus): kept as its parts so calls inside still run and names
   * inside still count as used.
   */
  | (Range & { readonly kind: 'other'; readonly parts: readonly PyExpr[] })
  /** Text the parser could not read (a syntax error). */
  | (Range & { readonly kind: 'error' });

export interface PyDictEntry {
  /** `null` for `**mapping`. */
  readonly key: PyExpr | null;
  readonly value: PyExpr;
}

export type PyArg =
  | { readonly kind: 'positional'; readonly value: PyExpr }
  | { readonly kind: 'keyword'; readonly name: string; readonly nameStart: number; readonly value: PyExpr }
  | { readonly kind: 'star'; readonly value: PyExpr }
  | { readonly kind: 'doubleStar'; readonly value: PyExpr };

export interface PyParam extends Range {
  readonly name: string;
  /** `*args` or `**kwargs`. */
  readonly star: '' | '*' | '**';
  readonly defaultValue: PyExpr | null;
}

export interface PyImportName extends Range {
  /** Dotted module path (`import a.b`) or imported name (`from m import name`). */
  readonly name: string;
  readonly alias: string | null;
}

export type PyStmt =
  | (Range & { readonly kind: 'expression'; readonly value: PyExpr })
  /** `a = b = value`, `a += value` (`op` `+=`), `a: T = value`. */
  | (Range & { readonly kind: 'assign'; readonly targets: readonly PyExpr[]; readonly op: string; readonly value: PyExpr })
  | (Range & { readonly kind: 'return'; readonly value: PyExpr | null })
  | (Range & { readonly kind: 'import'; readonly names: readonly PyImportName[] })
  | (Range & { readonly kind: 'importFrom'; readonly module: string; readonly names: readonly PyImportName[]; readonly star: boolean })
  | (Range & {
      readonly kind: 'def';
      readonly name: string;
      readonly nameStart: number;
      readonly params: readonly PyParam[];
      readonly decorators: readonly PyExpr[];
      readonly body: readonly PyStmt[];
    })
  | (Range & { readonly kind: 'class'; readonly name: string; readonly nameStart: number; readonly bases: readonly PyExpr[]; readonly body: readonly PyStmt[] })
  /**
   * `if`/`for`/`while`/`with`/`try`/`match`: the header expressions run first,
   * `bindings` get their values (`for x in ...` binds `x` to nothing known,
   * `with e as x` binds `x` to `e`), then each body runs once, in order.
   */
  | (Range & {
      readonly kind: 'compound';
      readonly keyword: string;
      readonly headers: readonly PyExpr[];
      readonly bindings: readonly { readonly target: PyExpr; readonly value: PyExpr | null }[];
      readonly bodies: readonly (readonly PyStmt[])[];
    })
  /** `pass`, `del`, `assert`, `raise`, `global`, ...: the expressions run for their calls. */
  | (Range & { readonly kind: 'other'; readonly keyword: string; readonly exprs: readonly PyExpr[] })
  | (Range & { readonly kind: 'error' });

/**
 * Calls `visit` with each expression an expression reads directly, for walks
 * over the tree (names used, reader checks). A lambda's parameter defaults
 * count: they are read where the lambda is written. A callback, not a list:
 * lowering walks every function body, and a list per node was measurable.
 */
export function forEachPyExprChild(expr: PyExpr, visit: (child: PyExpr) => void): void {
  switch (expr.kind) {
    case 'attribute':
      visit(expr.object);
      return;
    case 'call':
      visit(expr.callee);
      for (const arg of expr.args) visit(arg.value);
      return;
    case 'string':
      for (const hole of expr.holes) visit(hole);
      return;
    case 'binary':
    case 'boolean':
      visit(expr.left);
      visit(expr.right);
      return;
    case 'unary':
      visit(expr.operand);
      return;
    case 'subscript':
      visit(expr.object);
      visit(expr.index);
      return;
    case 'paren':
      visit(expr.inner);
      return;
    case 'sequence':
      for (const item of expr.items) visit(item);
      return;
    case 'dict':
      for (const entry of expr.entries) {
        if (entry.key) visit(entry.key);
        visit(entry.value);
      }
      return;
    case 'starred':
      visit(expr.value);
      return;
    case 'lambda':
      for (const param of expr.params) if (param.defaultValue) visit(param.defaultValue);
      visit(expr.body);
      return;
    case 'other':
      for (const part of expr.parts) visit(part);
      return;
    case 'name':
    case 'number':
    case 'constant':
    case 'error':
      return;
    default: {
      const unknown: never = expr;
      return unknown;
    }
  }
}

/** What a walk over statements does with each part of one: expressions it reads, assignment targets and loop bindings (which a walk may count or not), nested bodies. */
export interface PyStmtVisitor {
  read(expr: PyExpr): void;
  target(expr: PyExpr): void;
  body(statements: readonly PyStmt[]): void;
}

/** Calls the visitor with each part of a statement. */
export function forEachPyStmtPart(stmt: PyStmt, visitor: PyStmtVisitor): void {
  switch (stmt.kind) {
    case 'expression':
      visitor.read(stmt.value);
      return;
    case 'assign':
      visitor.read(stmt.value);
      for (const target of stmt.targets) visitor.target(target);
      return;
    case 'return':
      if (stmt.value) visitor.read(stmt.value);
      return;
    case 'def':
      for (const decorator of stmt.decorators) visitor.read(decorator);
      for (const param of stmt.params) if (param.defaultValue) visitor.read(param.defaultValue);
      visitor.body(stmt.body);
      return;
    case 'class':
      for (const base of stmt.bases) visitor.read(base);
      visitor.body(stmt.body);
      return;
    case 'compound':
      for (const header of stmt.headers) visitor.read(header);
      for (const binding of stmt.bindings) visitor.target(binding.target);
      for (const body of stmt.bodies) visitor.body(body);
      return;
    case 'other':
      for (const expr of stmt.exprs) visitor.read(expr);
      return;
    case 'import':
    case 'importFrom':
    case 'error':
      return;
    default: {
      const unknown: never = stmt;
      return unknown;
    }
  }
}
