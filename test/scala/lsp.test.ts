// The language server's lint path on Scala documents (languageId `scala`):
// diagnostics from the same rules, and after random edits (some inserting
// `$"c"` columns, which the parse text rewrites) the incrementally parsed
// lint equals a lint from scratch.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { defaultSettings } from '../../server/src/analysis/analyze';
import { DocumentStore } from '../../server/src/lsp/document-store';
import { lintOpenDocument } from '../../server/src/lsp/lint-document';
import { LineIndex } from '../../server/src/model/span';
import { createParser } from '../../server/src/syntax/tree-sitter';

const job = readFileSync(path.join(__dirname, 'fixtures', 'fixes', 'talk-refactors.scala'), 'utf8');
const fragments = ['$"value"', '.groupBy($"k").count', '(', ')', '{', '}', '\n', '"', '// whirlpool: ignore\n', '.cache', 'Trigger.Once()', ' === ', ''];

/** mulberry32, seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('a scala document gets the rules\' diagnostics', async () => {
  const store = new DocumentStore(await createParser('python'), await createParser('scala'));
  store.open('file:///jobs/Pipeline.scala', 'scala', 1, job);
  const lint = lintOpenDocument(store, 'file:///jobs/Pipeline.scala', defaultSettings);
  assert.ok(lint?.result);
  assert.equal(lint.result.model?.language, 'scala');
  const codes = lint.diagnostics.map((diagnostic) => diagnostic.code);
  for (const code of ['WP801', 'WP807', 'WP701', 'WP704', 'WP201']) assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
  store.dispose();
});

test('without the Scala grammar a scala document gets no diagnostics, and no error', async () => {
  const store = new DocumentStore(await createParser('python'));
  store.open('file:///jobs/Pipeline.scala', 'scala', 1, job);
  const lint = lintOpenDocument(store, 'file:///jobs/Pipeline.scala', defaultSettings);
  assert.deepEqual(lint?.diagnostics, []);
  store.dispose();
});

test('incremental lints of a Scala document after random edits equal lints from scratch', async () => {
  const python = await createParser('python');
  const store = new DocumentStore(python, await createParser('scala'));
  const scratchScala = await createParser('scala');
  const uri = 'file:///jobs/Pipeline.scala';
  let text = job;
  store.open(uri, 'scala', 1, text);
  const next = random(11);
  for (let version = 2; version < 60; version++) {
    const index = new LineIndex(text);
    const start = Math.floor(next() * (text.length + 1));
    const end = Math.min(text.length, start + Math.floor(next() * 20));
    const inserted = fragments[Math.floor(next() * fragments.length)] ?? '';
    store.change(uri, version, [{ range: { start: index.position(start), end: index.position(end) }, text: inserted }]);
    text = text.slice(0, start) + inserted + text.slice(end);
    const incremental = lintOpenDocument(store, uri, defaultSettings);
    const scratchStore = new DocumentStore(python, scratchScala);
    scratchStore.open(uri, 'scala', version, text);
    const scratch = lintOpenDocument(scratchStore, uri, defaultSettings);
    scratchStore.dispose();
    assert.ok(incremental && scratch);
    assert.deepEqual(incremental.diagnostics, scratch.diagnostics, `after edit ${version}`);
  }
  store.dispose();
});
