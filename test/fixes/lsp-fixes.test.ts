// Fixes through the language server (the bundled server over stdio): lazy
// quick fixes resolved with codeAction/resolve, fix-all on save, the
// suppression actions and the documentation action.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestClient, type Diagnostic } from '../lsp/lsp-client';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { LineIndex } from '../../server/src/model/span';

interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  data?: unknown;
  diagnostics?: Diagnostic[];
  command?: { command: string; arguments?: unknown[] };
  edit?: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
}

const job = `"""Nightly catch-up of the events topic."""
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
(events.writeStream
    .trigger(once=True)
    .format("delta")
    .option("checkpointLocation", "hdfs:///chk/events")
    .start("/out/events"))
`;
const uri = 'file:///workspace/jobs/catch_up.py';
const settings = { sparkVersion: '3.5', fix: { checkpointRoot: 'hdfs:///chk' } };

function apply(text: string, action: Action | undefined): string {
  const edits = action?.edit?.changes[uri] ?? [];
  const index = new LineIndex(text);
  return applyEdits(text, edits.map((edit) => ({ span: { start: index.offset(edit.range.start), end: index.offset(edit.range.end) }, newText: edit.newText })));
}

async function actionsAt(client: TestClient, diagnostic: Diagnostic): Promise<Action[]> {
  return client.connection.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
}

test('quick fixes come without edits and resolve to the edit of the current version; a stale one resolves to none', async (t) => {
  const client = await TestClient.start({ pull: false, settings, resolveCodeActions: true });
  t.after(() => client.stop());
  await client.open(uri, job);
  const found = await client.diagnostics(uri, (list) => list.some((d) => d.code === 'WP807'), 'the trigger-once finding');
  const diagnostic = found.find((d) => d.code === 'WP807');
  assert.ok(diagnostic);
  const actions = await actionsAt(client, diagnostic);
  const fix = actions.find((action) => action.title === 'Use trigger(availableNow=True)');
  assert.ok(fix, actions.map((action) => action.title).join(', '));
  assert.equal(fix.isPreferred, true);
  assert.equal(fix.edit, undefined);
  assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['WP807']);
  const resolved = await client.connection.sendRequest<Action>('codeAction/resolve', fix);
  assert.equal(apply(job, resolved), job.replace('once=True', 'availableNow=True'));

  // An edit since the action was made: its offsets mean nothing now.
  await client.change(uri, 2, [{ text: `\n${job}` }]);
  await client.diagnostics(uri, (_list, version) => version === 2, 'diagnostics of version 2');
  const stale = await client.connection.sendRequest<Action>('codeAction/resolve', fix);
  assert.equal(stale.edit, undefined);
});

test('suppression actions put the comment above the whole chain, or after the module docstring; show documentation is a command', async (t) => {
  const client = await TestClient.start({ pull: false, settings });
  t.after(() => client.stop());
  await client.open(uri, job);
  const found = await client.diagnostics(uri, (list) => list.some((d) => d.code === 'WP807'), 'the trigger-once finding');
  const diagnostic = found.find((d) => d.code === 'WP807');
  assert.ok(diagnostic);
  const actions = await actionsAt(client, diagnostic);
  const statement = actions.find((action) => action.title === 'Disable deprecated-trigger-once for this statement');
  const file = actions.find((action) => action.title === 'Disable deprecated-trigger-once for this file');
  const docs = actions.find((action) => action.title === 'Show documentation for deprecated-trigger-once');
  const silenced = apply(job, statement);
  assert.equal(silenced, job.replace('(events.writeStream\n', '# whirlpool: ignore[deprecated-trigger-once]\n(events.writeStream\n'));
  assert.equal(apply(job, file), job.replace('events topic."""\n', 'events topic."""\n# whirlpool: ignore-file[deprecated-trigger-once]\n'));
  assert.equal(docs?.command?.command, 'whirlpool.showRuleDocumentation');
  assert.match(String(docs?.command?.arguments?.[0]), /deprecated-trigger-once\.md$/);
  // The comment really silences the finding, on every line of the chain.
  await client.change(uri, 2, [{ text: silenced }]);
  const after = await client.diagnostics(uri, (_list, version) => version === 2, 'diagnostics after the suppression');
  assert.ok(!after.some((d) => d.code === 'WP807'));
});

test('fix-all applies only safe fixes, and none of a rule listed in fix.neverOnSave', async (t) => {
  // Without the checkpoint the missing-checkpoint fix (unsafe) is offered too; fix-all must leave it.
  const noCheckpoint = job.replace('    .option("checkpointLocation", "hdfs:///chk/events")\n', '');
  const whole = { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } };
  const client = await TestClient.start({ pull: false, settings });
  t.after(() => client.stop());
  await client.open(uri, noCheckpoint);
  await client.diagnostics(uri, (list) => list.some((d) => d.code === 'WP701') && list.some((d) => d.code === 'WP807'), 'both findings');
  const [fixAll, ...others] = await client.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll.whirlpool'] } });
  assert.equal(others.length, 0);
  assert.equal(fixAll?.kind, 'source.fixAll.whirlpool');
  assert.equal(apply(noCheckpoint, fixAll), noCheckpoint.replace('once=True', 'availableNow=True'));

  const excluding = await TestClient.start({ pull: false, settings: { ...settings, fix: { neverOnSave: ['WP807'] } } });
  t.after(() => excluding.stop());
  await excluding.open(uri, noCheckpoint);
  await excluding.diagnostics(uri, (list) => list.some((d) => d.code === 'WP807'), 'the finding');
  const none = await excluding.connection.sendRequest<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll.whirlpool'] } });
  assert.deepEqual(none, []);
});
