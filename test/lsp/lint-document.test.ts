// The server's lint path on edited documents: after any sequence of edits,
// even ones that leave broken Python, linting the incrementally parsed tree
// gives exactly the diagnostics of linting the same text from scratch, and
// never throws.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultSettings } from '../../server/src/analysis/analyze';
import { DocumentStore } from '../../server/src/lsp/document-store';
import { lintOpenDocument } from '../../server/src/lsp/lint-document';
import { LineIndex } from '../../server/src/model/span';
import { lowerPython } from '../../server/src/python/lower';
import { createParser } from '../../server/src/syntax/tree-sitter';
import { random } from '../../scripts/pyspark-corpus';

const examples = path.resolve(__dirname, '..', '..', 'examples');
const fragments = [
  '.groupBy("k").count()',
  '.withWatermark("ts", "1 minute")',
  '(',
  ')',
  '\n',
  '"',
  '"""',
  'def handler(df, batch_id):\n    ',
  '.writeStream.outputMode("update").start()',
  '.cache()',
  '# whirlpool: ignore\n',
  '    ',
  'é',
  '',
];


test('incremental lints after random edits equal lints from scratch, and never throw', async () => {
  const parser = await createParser('python');
  const scratchParser = await createParser('python');
  const jobs = readdirSync(examples).filter((name) => name.endsWith('.py')).sort();
  assert.ok(jobs.length > 0, 'examples/ has jobs');
  const next = random(7);
  let compared = 0;
  for (const name of jobs) {
    const uri = `file:///examples/${name}`;
    const store = new DocumentStore(parser);
    let text = readFileSync(path.join(examples, name), 'utf8');
    store.open(uri, 'python', 1, text);
    for (let version = 2; version < 30; version++) {
      const index = new LineIndex(text);
      const start = Math.floor(next() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(next() * 30));
      const inserted = fragments[Math.floor(next() * fragments.length)] ?? '';
      store.change(uri, version, [{ range: { start: index.position(start), end: index.position(end) }, text: inserted }]);
      text = text.slice(0, start) + inserted + text.slice(end);

      const incremental = lintOpenDocument(store, uri, defaultSettings);
      const scratchStore = new DocumentStore(scratchParser);
      scratchStore.open(uri, 'python', version, text);
      const scratch = lintOpenDocument(scratchStore, uri, defaultSettings);
      scratchStore.dispose();
      assert.ok(incremental && scratch);
      assert.deepEqual(incremental.diagnostics, scratch.diagnostics, `${name} after edit ${version}`);
      // The store's statement cache hands back statements read before the edit, moved: the model must
      // equal lowering the same tree without it (tree-sitter may recover from errors differently on a reparse).
      const tree = store.syntaxTree(uri);
      assert.ok(tree);
      assert.deepEqual(incremental.result?.model, lowerPython(tree.rootNode, text), `${name} after edit ${version}: model`);
      const lines = new LineIndex(text).lineCount;
      for (const diagnostic of incremental.diagnostics) {
        assert.ok(diagnostic.range.end.line < lines, `${name}: a diagnostic past the end of the document`);
      }
      compared++;
    }
    store.dispose();
  }
  assert.ok(compared >= 100);
});
