import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentStore } from '../../server/src/lsp/document-store';
import { applyRangeChange } from '../../server/src/lsp/content-change';
import { LineIndex } from '../../server/src/model/span';
import { createParser } from '../../server/src/syntax/tree-sitter';
import { random } from '../../scripts/pyspark-corpus';

const job = [
  '# Café orders 🚀 per window\r',
  'from pyspark.sql import functions as F',
  '',
  'orders = (spark.readStream.format("kafka")',
  '          .option("subscribe", "orders")',
  '          .load())',
  'counts = orders.groupBy(F.window("ts", "5 minutes")).count()',
  'def handler(batch_df, batch_id):',
  '    batch_df.write.mode("append").saveAsTable("t")  # naïve',
  'counts.writeStream.outputMode("append").start()',
  '',
].join('\n');

const snippets = ['x', '\n', '    ', '(', ')', '"', 'é', '🚀', '.count()', 'def f(:\n', '\r\n', '', '# c\n', 'spark.readStream', ', "a"'];


/** An offset that does not split a surrogate pair (editors never send one). */
function boundary(text: string, offset: number): number {
  const previous = text.charCodeAt(offset - 1);
  return previous >= 0xd800 && previous <= 0xdbff ? offset + 1 : offset;
}

test('ranged changes produce the spliced text and positions counted in UTF-16 units', () => {
  const text = 'a = "é🚀"\nb = 1\n';
  // Replace `1` on line 1 and insert two lines.
  const applied = applyRangeChange(text, { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, text: '2\nc = 3\nd' });
  assert.equal(applied.text, 'a = "é🚀"\nb = 2\nc = 3\nd\n');
  assert.deepEqual(applied.edit, {
    startIndex: 14,
    oldEndIndex: 15,
    newEndIndex: 23,
    startPosition: { row: 1, column: 4 },
    oldEndPosition: { row: 1, column: 5 },
    newEndPosition: { row: 3, column: 1 },
  });
  // The emoji is two UTF-16 units: column 8 on line 0 is after it.
  const afterEmoji = applyRangeChange(text, { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 8 } }, text: '!' });
  assert.equal(afterEmoji.text, 'a = "é🚀!"\nb = 1\n');
  assert.equal(afterEmoji.edit.startIndex, 8);
  assert.deepEqual(afterEmoji.edit.newEndPosition, { row: 0, column: 9 });
});

test('incremental reparses after random edits match a fresh parse of the same text', async () => {
  const parser = await createParser('python');
  const fresh = await createParser('python');
  const store = new DocumentStore(parser);
  const next = random(20261124);
  const uri = 'file:///job.py';
  let expected = job;
  store.open(uri, 'python', 1, expected);
  assert.ok(store.syntaxTree(uri));
  for (let round = 0; round < 60; round++) {
    // One notification may carry several changes, each relative to the previous result.
    const changes = [];
    for (let i = 0, count = 1 + Math.floor(next() * 3); i < count; i++) {
      const index = new LineIndex(expected);
      const a = boundary(expected, Math.floor(next() * (expected.length + 1)));
      const b = boundary(expected, Math.min(expected.length, a + Math.floor(next() * 12)));
      const inserted = snippets[Math.floor(next() * snippets.length)] ?? '';
      const change = { range: { start: index.position(a), end: index.position(b) }, text: inserted };
      changes.push(change);
      expected = expected.slice(0, a) + inserted + expected.slice(b);
    }
    store.change(uri, round + 2, changes);
    assert.equal(store.get(uri)?.text, expected, `text after round ${round}`);
    assert.equal(store.get(uri)?.version, round + 2);
    const incremental = store.syntaxTree(uri);
    const reference = fresh.parse(expected);
    assert.ok(incremental && reference);
    assert.equal(incremental.rootNode.toString(), reference.rootNode.toString(), `tree after round ${round}`);
    assert.equal(incremental.rootNode.endIndex, reference.rootNode.endIndex);
    reference.delete();
  }
  // A whole-text change drops the old tree and still parses correctly.
  store.change(uri, 100, [{ text: 'x = 1\n' }]);
  assert.equal(store.syntaxTree(uri)?.rootNode.toString(), '(module (expression_statement (assignment left: (identifier) right: (integer))))');
  store.close(uri);
  assert.equal(store.get(uri), undefined);
  assert.equal(store.syntaxTree(uri), null);
  store.dispose();
});
