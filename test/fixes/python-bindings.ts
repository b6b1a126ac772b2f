// A rough reading of which names a Python file binds and which names a piece
// of Python code uses as a qualifier (`F.`) or calls (`broadcast(`), for the
// test that fixes never write a name the fixed file leaves unbound. It reads
// text, not a tree: strings and comments are blanked first.

/** `text` with string literals (their holes too) and comments replaced by spaces, offsets kept. */
export function blankStringsAndComments(text: string): string {
  return text.replace(/[rRbBuUfF]{0,2}("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|#[^\n]*/g, (match) => match.replace(/[^\n]/g, ' '));
}

/** Names used as `name.` or `name(`, not after a dot (attributes and methods are not names), with the offsets they are used at. */
export function usedNames(code: string): Map<string, number[]> {
  const used = new Map<string, number[]>();
  // An import's module path (`from pyspark.sql import ...`) is not a use of `pyspark`.
  const blanked = blankStringsAndComments(code).replace(/^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import|import)[ \t][^\n]*/gm, (line) => ' '.repeat(line.length));
  for (const match of blanked.matchAll(/(?<![\w.])([A-Za-z_]\w*)[ \t]*[.(]/g)) {
    const name = match[1] ?? '';
    if (keywords.has(name)) continue;
    const offsets = used.get(name);
    if (offsets) offsets.push(match.index);
    else used.set(name, [match.index]);
  }
  return used;
}

/** Names the file binds anywhere: imports, assignments, loop and with targets, defs, classes and their parameters, lambda parameters, builtins. */
export function boundNames(text: string): Set<string> {
  const code = blankStringsAndComments(text);
  const bound = new Set<string>(builtins);
  const add = (names: string) => {
    for (const part of names.split(',')) {
      const name = /^\s*\**([A-Za-z_]\w*)/.exec(part)?.[1];
      if (name) bound.add(name);
    }
  };
  for (const match of code.matchAll(/^[ \t]*import[ \t]+([^\n;]+)/gm)) {
    for (const part of (match[1] ?? '').split(',')) {
      const alias = /\bas\s+([A-Za-z_]\w*)/.exec(part)?.[1];
      const module = /^\s*([A-Za-z_]\w*)/.exec(part)?.[1];
      if (alias) bound.add(alias);
      else if (module) bound.add(module);
    }
  }
  for (const match of code.matchAll(/^[ \t]*from[ \t]+[\w.]+[ \t]+import[ \t]+(\([^)]*\)|[^\n;]+)/gm)) {
    for (const part of (match[1] ?? '').replace(/[()]/g, ' ').split(',')) {
      const name = /\bas\s+([A-Za-z_]\w*)/.exec(part)?.[1] ?? /^\s*([A-Za-z_]\w*)/.exec(part)?.[1];
      if (name) bound.add(name);
    }
  }
  for (const match of code.matchAll(/^[ \t]*((?:[A-Za-z_]\w*\s*,\s*)*[A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)/gm)) add(match[1] ?? '');
  for (const match of code.matchAll(/\bfor\s+\(?([\w\s,]+?)\)?\s+in\b/g)) add(match[1] ?? '');
  for (const match of code.matchAll(/\bas\s+([A-Za-z_]\w*)/g)) add(match[1] ?? '');
  for (const match of code.matchAll(/\b(?:def|class)\s+([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?/g)) {
    add(match[1] ?? '');
    add(match[2] ?? '');
  }
  for (const match of code.matchAll(/\blambda\b([^:]*):/g)) add(match[1] ?? '');
  for (const match of code.matchAll(/:=\s*/g)) {
    const before = /([A-Za-z_]\w*)\s*$/.exec(code.slice(0, match.index))?.[1];
    if (before) bound.add(before);
  }
  return bound;
}

const keywords = new Set(['and', 'assert', 'def', 'del', 'elif', 'else', 'for', 'if', 'in', 'is', 'lambda', 'not', 'or', 'return', 'while', 'with', 'yield', 'print', 'await', 'except', 'raise', 'class', 'import', 'from', 'as', 'pass']);

const builtins = [
  'abs', 'all', 'any', 'bool', 'bytes', 'dict', 'enumerate', 'Exception', 'filter', 'float', 'frozenset', 'getattr', 'hasattr', 'int', 'isinstance', 'iter',
  'len', 'list', 'map', 'max', 'min', 'next', 'object', 'open', 'print', 'range', 'repr', 'reversed', 'round', 'RuntimeError', 'set', 'setattr', 'sorted', 'str', 'sum',
  'super', 'tuple', 'type', 'ValueError', 'zip', 'None', 'True', 'False', 'self',
];
