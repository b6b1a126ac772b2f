// The text reader must see the same structure as tree-sitter on valid code:
// for error-free files, the calls, attribute accesses and keyword arguments
// it reads are exactly tree-sitter's `call`, `attribute` and
// `keyword_argument` nodes (same offsets). This is what lets the lowering
// read expressions from the text instead of walking tree-sitter's nodes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateCorpus } from '../../scripts/pyspark-corpus';
import { forEachPyExprChild, forEachPyStmtPart, type PyExpr, type PyStmt } from '../../server/src/python/ast';
import { readModule } from '../../server/src/python/read-tree';
import { createParser } from '../../server/src/syntax/tree-sitter';

type Kind = 'call' | 'attribute' | 'keyword_argument';

function fromTreeSitter(cursor: ReturnType<NonNullable<ReturnType<Awaited<ReturnType<typeof createParser>>['parse']>>['walk']>): string[] {
  const found: string[] = [];
  for (;;) {
    const type = cursor.nodeType;
    if (type === 'call' || type === 'attribute' || type === 'keyword_argument') found.push(`${type} ${cursor.startIndex}-${cursor.endIndex}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return found.sort();
    }
  }
}

function fromReader(statements: readonly PyStmt[]): string[] {
  const found: string[] = [];
  const add = (kind: Kind, start: number, end: number): void => {
    found.push(`${kind} ${start}-${end}`);
  };
  const exprs: PyExpr[] = [];
  const stmts: PyStmt[] = [...statements];
  const push = (expr: PyExpr): void => {
    exprs.push(expr);
  };
  const visitor = { read: push, target: push, body: (body: readonly PyStmt[]) => stmts.push(...body) };
  while (stmts.length > 0 || exprs.length > 0) {
    const stmt = stmts.pop();
    if (stmt) {
      forEachPyStmtPart(stmt, visitor);
      continue;
    }
    const expr = exprs.pop()!;
    if (expr.kind === 'attribute') add('attribute', expr.start, expr.end);
    if (expr.kind === 'call') {
      add('call', expr.start, expr.end);
      for (const arg of expr.args) if (arg.kind === 'keyword') add('keyword_argument', arg.nameStart, arg.value.end);
    }
    forEachPyExprChild(expr, push);
  }
  return found.sort();
}

function sources(): { name: string; text: string }[] {
  const fixtures = path.join(__dirname, 'fixtures', 'lowering');
  const files = readdirSync(fixtures)
    .filter((name) => name.endsWith('.py') && name !== 'broken.py')
    .map((name) => ({ name, text: readFileSync(path.join(fixtures, name), 'utf8') }));
  const corpus = generateCorpus(7, 6_000, 1_000).map((file) => ({ name: `corpus ${file.name}`, text: file.text }));
  return [...files, ...corpus];
}

test('the text reader reads the same calls, attributes and keyword arguments as tree-sitter', async () => {
  const parser = await createParser('python');
  let compared = 0;
  for (const { name, text } of sources()) {
    const tree = parser.parse(text);
    assert.ok(tree);
    assert.equal(tree.rootNode.hasError, false, `${name} is valid Python`);
    const expected = fromTreeSitter(tree.walk());
    compared += expected.length;
    const actual = fromReader(readModule(tree.rootNode, text).statements);
    const missing = expected.filter((item) => !actual.includes(item));
    const extra = actual.filter((item) => !expected.includes(item));
    assert.deepEqual({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }, { missing: [], extra: [] }, `${name}: ${expected.length} nodes`);
    tree.delete();
  }
  assert.ok(compared > 5_000, `only ${compared} nodes compared`);
});
