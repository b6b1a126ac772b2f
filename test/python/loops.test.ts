// The model's loop statements: what the checkpoint rules read to tell a query
// started once per iteration from one started once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerPython } from '../../server/src/python/lower';
import { createParser } from '../../server/src/syntax/tree-sitter';

async function loops(text: string): Promise<readonly { keyword: string; variables: readonly string[]; text: string }[]> {
  const parser = await createParser('python');
  const tree = parser.parse(text);
  assert.ok(tree);
  try {
    return lowerPython(tree.rootNode, text).loops.map((loop) => ({
      keyword: loop.keyword,
      variables: loop.variables,
      text: text.slice(loop.span.start, loop.span.end),
    }));
  } finally {
    tree.delete();
  }
}

test('for and while loops, nested and inside functions, with the names a for binds', async () => {
  const text = [
    'for name, (path, mode) in items:',
    '    while running:',
    '        pass',
    'def start_all(topics):',
    '    for *rest, last in topics:',
    '        pass',
    'if ready:',
    '    x = [t for t in topics]',
    '',
  ].join('\n');
  const found = await loops(text);
  assert.deepEqual(
    found.map((loop) => [loop.keyword, loop.variables]),
    [
      ['for', ['name', 'path', 'mode']],
      ['while', []],
      ['for', ['rest', 'last']],
    ],
  );
  assert.ok(found[0]!.text.startsWith('for name, (path, mode) in items:') && found[0]!.text.endsWith('pass'));
  assert.equal(found[1]!.text, 'while running:\n        pass');
});

test('a file without loops has none, and a broken loop header does not throw', async () => {
  assert.deepEqual(await loops('x = 1\n'), []);
  const broken = await loops('for in :\n    pass\n');
  assert.ok(Array.isArray(broken));
});
