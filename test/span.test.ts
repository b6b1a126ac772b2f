import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../server/src/model/span';

test('line index maps offsets to UTF-16 positions and back', () => {
  const index = new LineIndex('ab\r\nc\u00e9d\n\nxyz');
  assert.deepEqual(index.position(0), { line: 0, character: 0 });
  assert.deepEqual(index.position(4), { line: 1, character: 0 });
  assert.deepEqual(index.position(6), { line: 1, character: 2 });
  assert.deepEqual(index.position(9), { line: 3, character: 0 });
  assert.equal(index.offset({ line: 1, character: 2 }), 6);
  assert.equal(index.offset({ line: 9, character: 0 }), index.text.length);
  assert.equal(index.lineText(0), 'ab');
  assert.equal(index.lineCount, 4);
});
