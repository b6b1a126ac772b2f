// `whirlpool lint` in-process through runCli (the same function the bundled
// command runs), plus the bundled command itself for what only a process
// shows: exit status and stderr without stack traces.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/run';
import { rules } from '../../server/src/rules/registry';
import { sarifProblems } from './sarif-check';

const repositoryRoot = path.resolve(__dirname, '..', '..');

// Chained aggregations in Update mode: WP601 on every Spark version.
const chainedUpdate = `from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
per_minute = (events.withWatermark("timestamp", "10 minutes")
              .groupBy(F.window("timestamp", "1 minute")).count())
per_hour = per_minute.groupBy(F.window(F.col("window"), "1 hour")).agg(F.sum("count").alias("n"))
per_hour.writeStream.outputMode("update").format("delta").option("checkpointLocation", "/chk/hourly").start("/out/hourly")
`;
// The same chain in Append mode: accepted from Spark 3.4 on, refused before.
const chainedAppend = chainedUpdate.replace('outputMode("update")', 'outputMode("append")');
// A streaming write to JDBC: WP801.
const jdbcSink = `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
rows = spark.readStream.format("rate").load()
rows.writeStream.format("jdbc").option("url", "jdbc:postgresql://db/x").option("dbtable", "t").option("checkpointLocation", "/chk/t").start()
`;
const clean = `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
rows = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "broker:9092").option("subscribe", "rows").load()
rows.writeStream.format("delta").option("checkpointLocation", "/chk/rows").start("/out/rows")
`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function lint(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['lint', ...args], { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** A throwaway project folder with the given files. */
function project(t: { after: (fn: () => void) => void }, files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'whirlpool-lint-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

function findingCodes(json: string): string[] {
  return (JSON.parse(json) as { path: string; code: string; line: number }[]).map((finding) => `${finding.path}:${finding.line}:${finding.code}`);
}

test('exit codes: 0 clean, 1 findings, 0 with --exit-zero, 2 for usage errors', async (t) => {
  const root = project(t, { 'clean/job.py': clean, 'dirty/job.py': chainedUpdate });
  const cleanRun = await lint(root, 'clean');
  assert.deepEqual([cleanRun.code, cleanRun.stdout, cleanRun.stderr], [0, 'All clear: 1 file checked\n', '']);

  const dirty = await lint(root, 'dirty');
  assert.equal(dirty.code, 1);
  assert.match(dirty.stdout, /^dirty\/job\.py:7:22: WP601 Aggregation on an already aggregated stream in Update mode/m);
  assert.match(dirty.stdout, /Found 2 problems \(1 file checked\)\n\[\*\] 1 with --fix --unsafe-fixes\n$/);
  assert.equal((await lint(root, 'dirty', '--exit-zero')).code, 0);

  for (const args of [[], ['--format', 'xml', 'dirty'], ['--frobnicate', 'dirty'], ['--spark-version', 'three', 'dirty'], ['--select', 'no-such-rule', 'dirty']]) {
    const run = await lint(root, ...args);
    assert.equal(run.code, 2, `exit code for ${args.join(' ')}`);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^whirlpool lint: .+\nRun `whirlpool lint --help` for usage\.\n$/);
  }
  const nothing = project(t, { 'notes.md': '# no jobs here\n' });
  const none = await lint(nothing, '.');
  assert.deepEqual([none.code, none.stderr], [0, 'whirlpool: no Python or build files found in .\n']);

  const help = await lint(root, '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--format FORMAT/);
});

test('folders are linted recursively: Python and build files, skipping node_modules, out and hidden folders', async (t) => {
  const root = project(t, {
    'jobs/a.py': chainedUpdate,
    'jobs/team/deep/b.py': jdbcSink,
    'jobs/requirements.txt': 'pyspark==2.2.0\n',
    'jobs/README.md': chainedUpdate,
    'jobs/node_modules/pkg/c.py': jdbcSink,
    'jobs/out/d.py': jdbcSink,
    'jobs/.venv/lib/e.py': jdbcSink,
  });
  const run = await lint(root, 'jobs', '--format', 'json', '--select', 'WP601,WP709,WP801');
  assert.equal(run.code, 1);
  assert.deepEqual(findingCodes(run.stdout), ['jobs/a.py:7:WP601', 'jobs/requirements.txt:1:WP709', 'jobs/team/deep/b.py:5:WP801']);
});

test('--select and --ignore take ids, codes and code prefixes', async (t) => {
  const root = project(t, { 'a.py': chainedUpdate, 'b.py': jdbcSink });
  const byCode = await lint(root, '.', '--format', 'json', '--select', 'WP801');
  assert.deepEqual(findingCodes(byCode.stdout), ['b.py:5:WP801']);
  const byId = await lint(root, '.', '--format', 'json', '--select', 'WP601,WP801', '--ignore', 'jdbc-streaming-sink-or-source');
  assert.deepEqual(findingCodes(byId.stdout), ['a.py:7:WP601']);
  const lists = await lint(root, '.', '--format', 'json', '--select', 'WP60,WP801', '--ignore', 'wp801');
  assert.deepEqual(findingCodes(lists.stdout), ['a.py:7:WP601']);
  const nothing = await lint(root, '.', '--select', 'WP801', '--ignore', 'WP8');
  assert.equal(nothing.code, 0);
});

test('--spark-version changes version-dependent verdicts', async (t) => {
  const root = project(t, { 'job.py': chainedAppend });
  assert.equal((await lint(root, 'job.py', '--select', 'WP601')).code, 0, 'Append mode with a watermarked window is fine on the default version');
  assert.equal((await lint(root, 'job.py', '--select', 'WP601', '--spark-version', '3.5.1')).code, 0);
  const old = await lint(root, 'job.py', '--select', 'WP601', '--spark-version', '3.3', '--format', 'json');
  assert.equal(old.code, 1);
  const [finding] = JSON.parse(old.stdout) as { code: string; message: string; sparkVersion: string }[];
  assert.equal(finding?.code, 'WP601');
  assert.equal(finding?.sparkVersion, '3.3.0');
  assert.match(finding?.message ?? '', /on Spark 3\.3\.0/);
});

test('sarif output is valid and lists every rule with its help page', async (t) => {
  const root = project(t, { 'a.py': chainedUpdate, 'b.py': jdbcSink });
  const run = await lint(root, '.', '--format', 'sarif', '--select', 'WP601,WP801');
  assert.equal(run.code, 1);
  const log = JSON.parse(run.stdout) as {
    runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
  };
  assert.deepEqual(sarifProblems(log), []);
  const run0 = log.runs[0]!;
  assert.deepEqual(run0.tool.driver.rules.map((rule) => rule.id).sort(), rules.map((rule) => rule.meta.code).sort());
  assert.ok(run0.tool.driver.rules.every((rule) => rule.helpUri?.endsWith('.md')));
  assert.deepEqual(
    run0.results.map((result) => `${result.locations[0]?.physicalLocation.artifactLocation.uri}:${result.locations[0]?.physicalLocation.region.startLine}:${result.ruleId}`),
    ['a.py:7:WP601', 'b.py:5:WP801'],
  );
});

test('github output annotates each finding', async (t) => {
  const root = project(t, { 'b.py': jdbcSink });
  const run = await lint(root, 'b.py', '--format', 'github', '--select', 'WP801');
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^::error file=b\.py,line=5,col=\d+,endLine=5,endColumn=\d+,title=WP801::Streaming write to JDBC/);
  assert.equal(run.stdout.trim().split('\n').length, 1);
});

test('unreadable, binary and non-UTF-8 files get one line each on stderr; the others are still linted', async (t) => {
  const root = project(t, {
    'good.py': jdbcSink,
    'binary.py': Buffer.from([0x78, 0x3d, 0x00, 0x01, 0x02]),
    'latin1.py': Buffer.from('x = "caf\xe9"\n', 'latin1'),
  });
  const run = await lint(root, '.', 'missing.py', '--format', 'json', '--select', 'WP801');
  assert.equal(run.code, 2);
  assert.deepEqual(findingCodes(run.stdout), ['good.py:5:WP801']);
  assert.deepEqual(run.stderr.trim().split('\n').sort(), [
    'whirlpool: binary.py: binary file (contains NUL bytes), skipped',
    'whirlpool: latin1.py: not valid UTF-8, skipped',
    'whirlpool: missing.py: no such file or folder',
  ]);
});

test('the bundled command: exit status, stderr without stack traces, and the README command', (t) => {
  const bin = path.join(repositoryRoot, 'bin', 'whirlpool.js');
  const root = project(t, { 'good.py': jdbcSink, 'bad.py': Buffer.from([0, 1, 2]) });
  const run = spawnSync(process.execPath, [bin, 'lint', '.', '--select', 'WP801'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stdout, /^good\.py:5:\d+: WP801 /);
  assert.equal(run.stderr, 'whirlpool: bad.py: binary file (contains NUL bytes), skipped\n');

  const unknown = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8' });
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stderr, 'whirlpool: unknown command "frobnicate" (run `whirlpool --help` for the list)\n');

  // `npm start` runs exactly this after building.
  const examples = spawnSync(process.execPath, [bin, 'lint', 'examples', '--exit-zero'], { cwd: repositoryRoot, encoding: 'utf8' });
  assert.equal(examples.status, 0, examples.stderr);
  assert.match(examples.stdout, /^Found \d+ problems? \(\d+ files? checked\)$/m);
});
