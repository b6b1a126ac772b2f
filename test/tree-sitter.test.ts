import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParser } from '../server/src/syntax/tree-sitter';

test('python and scala grammars load from their wasm files and report UTF-16 offsets', async () => {
  const python = await createParser('python');
  const tree = python.parse('x = "\u00e9" + spark.readStream.load()\n');
  assert.ok(tree);
  const node = tree.rootNode.descendantForIndex(10);
  assert.ok(node);
  assert.equal(node.text, 'spark');
  assert.equal(node.startIndex, 10);
  const scala = await createParser('scala');
  const scalaTree = scala.parse('val x = spark.readStream.load()');
  assert.equal(scalaTree?.rootNode.type, 'compilation_unit');
  assert.equal(scalaTree?.rootNode.hasError, false);
});
