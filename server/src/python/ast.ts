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
 * The expressions an expression reads directly, for walks over the tree
 * (names used, reader checks). A lambda's parameter defaults count: they are
 * read where the lambda is written.
 */
export function pyExprChildren(expr: PyExpr): PyExpr[] {
  switch (expr.kind) {
    case 'attribute':
      return [expr.object];
    case 'call':
      return [expr.callee, ...expr.args.map((arg) => arg.value)];
    case 'string':
      return [...expr.holes];
    case 'binary':
    case 'boolean':
      return [expr.left, expr.right];
    case 'unary':
      return [expr.operand];
    case 'subscript':
      return [expr.object, expr.index];
    case 'paren':
      return [expr.inner];
    case 'sequence':
      return [...expr.items];
    case 'dict':
      return expr.entries.flatMap((entry) => (entry.key ? [entry.key, entry.value] : [entry.value]));
    case 'starred':
      return [expr.value];
    case 'lambda':
      return [...expr.params.flatMap((param) => (param.defaultValue ? [param.defaultValue] : [])), expr.body];
    case 'other':
      return [...expr.parts];
    case 'name':
    case 'number':
    case 'constant':
    case 'error':
      return [];
    default: {
      const unknown: never = expr;
      return unknown;
    }
  }
}

/**
 * What a statement holds, for walks over the tree: the expressions it reads
 * (assignment targets and loop bindings apart, since a walk may count them
 * or not) and its nested bodies.
 */
export function pyStmtParts(stmt: PyStmt): { readonly reads: readonly PyExpr[]; readonly targets: readonly PyExpr[]; readonly bodies: readonly (readonly PyStmt[])[] } {
  switch (stmt.kind) {
    case 'expression':
      return { reads: [stmt.value], targets: [], bodies: [] };
    case 'assign':
      return { reads: [stmt.value], targets: stmt.targets, bodies: [] };
    case 'return':
      return { reads: stmt.value ? [stmt.value] : [], targets: [], bodies: [] };
    case 'def':
      return { reads: [...stmt.decorators, ...stmt.params.flatMap((param) => (param.defaultValue ? [param.defaultValue] : []))], targets: [], bodies: [stmt.body] };
    case 'class':
      return { reads: stmt.bases, targets: [], bodies: [stmt.body] };
    case 'compound':
      return { reads: stmt.headers, targets: stmt.bindings.map((binding) => binding.target), bodies: stmt.bodies };
    case 'other':
      return { reads: stmt.exprs, targets: [], bodies: [] };
    case 'import':
    case 'importFrom':
    case 'error':
      return { reads: [], targets: [], bodies: [] };
    default: {
      const unknown: never = stmt;
      return unknown;
    }
  }
}
