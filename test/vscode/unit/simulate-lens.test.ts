// The server's Simulate code lenses: one per started streaming query, on its
// start()/toTable() call, carrying what the client's simulate command reads.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PipelineModel, StreamWriter } from '../../../server/src/model/pipeline';
import { LineIndex } from '../../../server/src/model/span';
import { simulateCodeLenses } from '../../../server/src/lsp/simulate-lens';

const text = [
  'q = (df.writeStream',
  '     .queryName("counts")',
  '     .start("/out"))',
  'w = df.writeStream.format("console")',
].join('\n');

function span(needle: string): { start: number; end: number } {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  return { start, end: start + needle.length };
}

function writer(id: number, started: boolean, name: string | null): StreamWriter {
  return {
    id,
    input: 0 as StreamWriter['input'],
    span: span('df.writeStream'),
    writeStreamSpan: span('.writeStream'),
    format: null,
    outputMode: null,
    options: [],
    trigger: null,
    queryName: name === null ? null : { value: { kind: 'string', value: name }, span: span('"counts"') },
    partitionBy: null,
    foreachBatch: null,
    foreach: null,
    start: started ? { method: 'start', target: null, span: span('.start("/out")') } : null,
    scope: null,
  };
}

test('a started query gets a lens on its start() line; a writer never started gets none', () => {
  const model = { writers: [writer(0, true, 'counts'), writer(1, false, null)] } as unknown as PipelineModel;
  const lenses = simulateCodeLenses(model, new LineIndex(text), 'file:///job.py');
  assert.equal(lenses.length, 1);
  const [lens] = lenses;
  assert.equal(lens!.range.start.line, 2);
  assert.equal(lens!.command?.command, 'whirlpool.simulate');
  assert.match(lens!.command?.title ?? '', /Simulate counts/);
  assert.deepEqual(lens!.command?.arguments, [{ uri: 'file:///job.py', line: 2, writerId: 0, queryName: 'counts' }]);
});
