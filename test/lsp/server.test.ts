// The language server end to end: the bundled out/server.js over stdio,
// driven by a JSON-RPC client. Every step waits for what the server sends.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TestClient, type Diagnostic } from './lsp-client';

const uri = 'file:///workspace/jobs/hourly.py';

// Two chained streaming aggregations written in Update mode: Spark 3.4+ only
// supports chained stateful operators in Append mode, and before 3.4 not at all.
const job = `from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
per_minute = (events.withWatermark("timestamp", "10 minutes")
              .groupBy(F.window("timestamp", "1 minute")).count())
per_hour = per_minute.groupBy(F.window(F.col("window"), "1 hour")).agg(F.sum("count").alias("n"))
per_hour.writeStream.outputMode("update").format("delta").option("checkpointLocation", "/chk/hourly").start("/out/hourly")
`;
const rule = { id: 'chained-streaming-aggregations', code: 'WP601' };
/** 0-based line of the outer groupBy, where the finding points; the related location is the inner one. */
const findingLine = 6;
const relatedLine = 5;
const modeLine = 7;
const modeColumn = 'per_hour.writeStream.outputMode("'.length;

function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code));
}

/** The LSP change that inserts `text` at the start of `line`. */
function insertAt(line: number, character: number, text: string) {
  return { range: { start: { line, character }, end: { line, character } }, text };
}

/** The LSP change that replaces `length` characters at line/character with `text`. */
function replaceAt(line: number, character: number, length: number, text: string) {
  return { range: { start: { line, character }, end: { line, character: character + length } }, text };
}

test('push: diagnostics on open carry code, documentation link, source, severity and related locations', async (t) => {
  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  assert.equal(client.capabilities['diagnosticProvider'], undefined, 'no pull provider for a client without pull support');
  assert.deepEqual(client.capabilities['textDocumentSync'], { openClose: true, change: 2 });

  await client.open(uri, job);
  const diagnostics = await client.diagnostics(uri, (list) => codes(list).includes(rule.code), 'diagnostics on open');
  assert.deepEqual(codes(diagnostics).filter((code) => code === rule.code), [rule.code], 'reported once');
  const diagnostic = diagnostics.find((candidate) => candidate.code === rule.code)!;
  assert.equal(diagnostic.source, 'whirlpool');
  assert.equal(diagnostic.severity, 1);
  assert.deepEqual(diagnostic.range.start, { line: findingLine, character: 'per_hour = per_minute'.length });
  assert.match(diagnostic.message, /Update mode: on Spark 4\.0\.0/);
  const href = diagnostic.codeDescription?.href ?? '';
  assert.match(href, new RegExp(`^(https?|file)://\\S+/${rule.id}\\.md$`));
  if (href.startsWith('file:')) assert.ok(existsSync(fileURLToPath(href)), `${href} exists`);
  assert.deepEqual(diagnostic.data, { rule: rule.id });
  assert.deepEqual(
    diagnostic.relatedInformation?.map((related) => [related.location.uri, (related.location.range as { start: { line: number } }).start.line, related.message]),
    [[uri, relatedLine, 'first streaming aggregation']],
  );
});

test('ipc: the transport the VS Code client uses carries the same diagnostics', async (t) => {
  const client = await TestClient.start({ pull: true, transport: 'ipc' });
  t.after(() => client.stop());
  await client.open(uri, job);
  const report = await client.pull(uri);
  assert.ok(codes(report.items ?? []).includes(rule.code));
});

test('push: incremental edits re-lint, and half-typed Python never stops the server', async (t) => {
  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  await client.open(uri, job);
  await client.diagnostics(uri, (list) => codes(list).includes(rule.code), 'the initial finding');

  // Two lines inserted above the aggregation move the finding down by two.
  await client.change(uri, 2, [insertAt(2, 0, '# a comment\n# another\n')]);
  await client.diagnostics(
    uri,
    (list, version) => version === 2 && list.some((d) => d.code === rule.code && d.range.start.line === findingLine + 2),
    'the finding to move with the edit',
  );

  // Switch the query to Append mode, as the message suggests: the finding goes away.
  await client.change(uri, 3, [replaceAt(modeLine + 2, modeColumn, 'update'.length, 'append')]);
  await client.diagnostics(uri, (list, version) => version === 3 && !codes(list).includes(rule.code), 'the fixed job to lint clean');

  // Typing in the middle of a call leaves broken Python for a while; each state is linted without a crash.
  const broken = ['counts = events.groupBy(', 'counts = events.groupBy("key"', 'def f(:\n  ', '"""unterminated', '\u0000\uffff\ud800', 'per_hour.writeStream.outputMode("upd'];
  let version = 3;
  for (const text of broken) {
    version++;
    await client.change(uri, version, [insertAt(modeLine + 3, 0, `${text}\n`)]);
    const expected = version;
    await client.diagnostics(uri, (_list, published) => published === expected, `diagnostics for broken version ${expected}`);
  }
  assert.equal(client.hasExited, false);
  const status = await client.connection.sendRequest<{ enabled: boolean; lastLint: { uri: string } | null }>('whirlpool/status');
  assert.equal(status.enabled, true);
  assert.equal(status.lastLint?.uri, uri);

  // Replacing the whole text (no range) still works after the incremental edits.
  version++;
  await client.change(uri, version, [{ text: job }]);
  const finalVersion = version;
  await client.diagnostics(uri, (list, published) => published === finalVersion && codes(list).includes(rule.code), 'the original finding again');
});

test('push: a suppression comment silences the finding, and removing it brings it back', async (t) => {
  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  await client.open(uri, job);
  await client.diagnostics(uri, (list) => codes(list).includes(rule.code), 'the finding');

  await client.change(uri, 2, [insertAt(findingLine, 0, `# whirlpool: ignore[${rule.id}]\n`)]);
  await client.diagnostics(uri, (list, version) => version === 2 && !codes(list).includes(rule.code), 'the suppressed finding to disappear');

  // A suppression naming another rule does not apply.
  await client.change(uri, 3, [replaceAt(findingLine, '# whirlpool: ignore['.length, rule.id.length, 'streaming-window-function')]);
  await client.diagnostics(uri, (list, version) => version === 3 && codes(list).includes(rule.code), 'the finding back under another rule\'s suppression');

  await client.change(uri, 4, [replaceAt(findingLine, '# whirlpool: ignore['.length, 'streaming-window-function'.length, rule.code)]);
  await client.diagnostics(uri, (list, version) => version === 4 && !codes(list).includes(rule.code), 'suppression by code');
});

test('push: settings changes re-lint open documents (severity, Spark version, enable)', async (t) => {
  const client = await TestClient.start({ pull: false, settings: { sparkVersion: '3.5' } });
  t.after(() => client.stop());
  const appendJob = job.replace('outputMode("update")', 'outputMode("append")');
  await client.open(uri, appendJob);
  // In Append mode with a watermarked window key, Spark 3.5 accepts the chain.
  await client.diagnostics(uri, (list) => !codes(list).includes(rule.code), 'a clean lint on Spark 3.5');
  assert.ok(client.configurationRequests > 0, 'settings come from workspace/configuration');

  // Spark 3.3 refuses any chained aggregation.
  await client.changeSettings({ sparkVersion: '3.3' });
  const old = await client.diagnostics(uri, (list) => codes(list).includes(rule.code), 'the finding on Spark 3.3');
  assert.match(old.find((d) => d.code === rule.code)?.message ?? '', /on Spark 3\.3\.0/);

  await client.changeSettings({ sparkVersion: '3.3', severity: { [rule.code]: 'hint' } });
  await client.diagnostics(uri, (list) => list.some((d) => d.code === rule.code && d.severity === 4), 'the finding as a hint');

  await client.changeSettings({ sparkVersion: '3.3', severity: { [rule.id]: 'off' } });
  await client.diagnostics(uri, (list) => !codes(list).includes(rule.code), 'the rule turned off');

  await client.changeSettings({ sparkVersion: 'banana' });
  await client.until(() => client.logs.some((line) => line.includes('whirlpool.sparkVersion "banana"')), 'a log line about the bad version');

  await client.changeSettings({ sparkVersion: '3.3', enable: false });
  await client.diagnostics(uri, (list) => list.length === 0, 'no diagnostics once disabled');
  const status = await client.connection.sendRequest<{ enabled: boolean; sparkVersion: string; ruleCount: number }>('whirlpool/status');
  assert.deepEqual([status.enabled, status.sparkVersion, status.ruleCount], [false, '3.3.0', 0]);
});

test('push: settings are read per document, so folders of a multi-root workspace can differ', async (t) => {
  const byFolder = (legacyVersion: string) => (scopeUri: string | undefined) => ({ sparkVersion: scopeUri?.includes('/legacy/') ? legacyVersion : '3.5' });
  const client = await TestClient.start({ pull: false, settings: byFolder('3.3') });
  t.after(() => client.stop());
  const appendJob = job.replace('outputMode("update")', 'outputMode("append")');
  const legacy = 'file:///workspace/legacy/hourly.py';
  const current = 'file:///workspace/current/hourly.py';
  await client.open(legacy, appendJob);
  await client.open(current, appendJob);
  await client.diagnostics(legacy, (list) => codes(list).includes(rule.code), 'the legacy folder on Spark 3.3 to report the chain');
  await client.diagnostics(current, (list) => !codes(list).includes(rule.code), 'the current folder on Spark 3.5 to be clean');
  assert.ok(client.configurationScopes.includes(legacy) && client.configurationScopes.includes(current), 'settings were asked per document');

  await client.changeSettings(byFolder('3.5'));
  await client.diagnostics(legacy, (list) => !codes(list).includes(rule.code), 'the legacy folder clean once it targets 3.5');
});

test('push: build files are linted when opened', async (t) => {
  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  const requirements = 'file:///workspace/requirements.txt';
  await client.open(requirements, 'delta-spark==2.1.0\npyspark==2.2.0\n', 1, 'pip-requirements');
  const diagnostics = await client.diagnostics(requirements, (list) => codes(list).includes('WP709'), 'a finding on the pinned Spark version');
  assert.deepEqual(codes(diagnostics).filter((code) => code === 'WP709'), ['WP709']);
  assert.equal(diagnostics.find((d) => d.code === 'WP709')?.range.start.line, 1);

  const notes = 'file:///workspace/notes.md';
  await client.open(notes, '# pyspark==2.2.0\n', 1, 'markdown');
  await client.diagnostics(notes, (list) => list.length === 0, 'no diagnostics for a file Whirlpool does not lint');
});

test('pull: reports on request with result ids, and asks for a refresh when settings change', async (t) => {
  const client = await TestClient.start({ pull: true });
  t.after(() => client.stop());
  assert.deepEqual(client.capabilities['diagnosticProvider'], { identifier: 'whirlpool', interFileDependencies: false, workspaceDiagnostics: false });

  await client.open(uri, job);
  const first = await client.pull(uri);
  assert.equal(first.kind, 'full');
  assert.deepEqual(codes(first.items ?? []).filter((code) => code === rule.code), [rule.code]);
  assert.ok(first.resultId);

  const again = await client.pull(uri, first.resultId);
  assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });

  await client.change(uri, 2, [insertAt(0, 0, '# moved\n')]);
  const moved = await client.pull(uri, first.resultId);
  assert.equal(moved.kind, 'full');
  assert.notEqual(moved.resultId, first.resultId);
  assert.ok((moved.items ?? []).some((d) => d.code === rule.code && d.range.start.line === findingLine + 1));

  const refreshes = client.refreshCount;
  await client.changeSettings({ severity: { [rule.id]: 'off' } });
  await client.until(() => client.refreshCount > refreshes, 'a workspace/diagnostic/refresh request');
  const afterSettings = await client.pull(uri, moved.resultId);
  assert.equal(afterSettings.kind, 'full');
  assert.ok(!codes(afterSettings.items ?? []).includes(rule.code));

  const closedUri = 'file:///workspace/never-opened.py';
  assert.deepEqual(await client.pull(closedUri), { kind: 'full', items: [] });
  assert.equal(client.published.size, 0, 'a pull client gets no pushed diagnostics');
});

test('code actions: a finding\'s fix is offered on its diagnostic and applying it clears the finding', async (t) => {
  const client = await TestClient.start({ pull: false });
  t.after(() => client.stop());
  const capabilities = client.capabilities['codeActionProvider'] as { codeActionKinds: string[] };
  assert.deepEqual(capabilities.codeActionKinds, ['quickfix', 'source.fixAll.whirlpool', 'notebook.source.fixAll.whirlpool']);
  const cached = `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
orders = spark.readStream.format("rate").load()
products = spark.read.parquet("/dim/products").cache()
enriched = orders.join(products, "value")
enriched.writeStream.format("delta").option("checkpointLocation", "/chk/e").start("/out/e")
`;
  const cachedUri = 'file:///workspace/jobs/enrich.py';
  await client.open(cachedUri, cached);
  const diagnostic = (await client.diagnostics(cachedUri, (list) => codes(list).includes('WP506'), 'the cached static side finding')).find((d) => d.code === 'WP506');
  assert.ok(diagnostic);
  const actions = await client.connection.sendRequest<{ title: string; kind: string; diagnostics?: Diagnostic[]; edit: { changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> } }[]>(
    'textDocument/codeAction',
    { textDocument: { uri: cachedUri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } },
  );
  const removal = actions.find((action) => action.title.startsWith('Remove .cache()'));
  assert.ok(removal, `offered: ${actions.map((action) => action.title).join(', ')}`);
  assert.equal(removal.kind, 'quickfix');
  assert.deepEqual(removal.diagnostics?.map((d) => d.code), ['WP506']);
  const edits = removal.edit.changes[cachedUri] ?? [];
  assert.ok(edits.length > 0);
  // Apply the edits as an editor would (last first, so earlier ranges stay valid) and send them.
  await client.change(cachedUri, 2, [...edits].reverse().map((edit) => ({ range: edit.range, text: edit.newText })));
  const after = await client.diagnostics(cachedUri, (_list, version) => version === 2, 'diagnostics after the fix');
  assert.ok(!codes(after).includes('WP506'), `still reported: ${JSON.stringify(after)}`);

  // The fix is unsafe (it changes what the job reads), so fix-all leaves it alone.
  await client.change(cachedUri, 3, [{ text: cached }]);
  await client.diagnostics(cachedUri, (list, version) => version === 3 && codes(list).includes('WP506'), 'the finding back');
  const fixAll = await client.connection.sendRequest<unknown[]>('textDocument/codeAction', {
    textDocument: { uri: cachedUri },
    range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.deepEqual(fixAll, []);
});
