// `whirlpool simulate` end to end, in-process: the bundled example into a
// temporary SQLite file, exit codes, JSON-lines progress, malformed input in
// every mode, and --crash-at under both sink semantics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runSimulate } from '../../../server/src/cli/simulate';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const example = path.join(repoRoot, 'examples', 'clickstream_windowed_counts.py');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function simulate(args: readonly string[], terminal = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runSimulate(args, { cwd: repoRoot, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, { terminal });
  return { code, stdout, stderr };
}

function withDirectory<T>(run: (directory: string) => Promise<T>): Promise<T> {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-simulate-'));
  return run(directory).finally(() => rmSync(directory, { recursive: true, force: true }));
}

test('the bundled example simulates end to end into a SQLite file', () =>
  withDirectory(async (directory) => {
    const database = path.join(directory, 'out', 'example.sqlite');
    const run = await simulate([example, '--db', database]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /input clicks: 602 records from .*clicks\.jsonl/);
    const db = new Database(database, { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
      for (const table of ['sink_rows', 'progress', 'corrupt_records', 'offsets', 'commits', 'state_files']) assert.ok(tables.includes(table), `table ${table}`);
      const batches = db.prepare('SELECT batch_id AS batchId, num_input_rows AS input, num_output_rows AS output, dropped_by_watermark AS dropped FROM progress ORDER BY batch_id').all() as {
        batchId: number;
        input: number;
        output: number;
        dropped: number;
      }[];
      assert.deepEqual(batches.map((batch) => batch.input).slice(0, 7), [100, 100, 100, 100, 100, 100, 2], '100 rows per batch by default');
      const sinkRows = db.prepare('SELECT batch_id AS batchId, row FROM sink_rows').all() as { batchId: number; row: string }[];
      assert.equal(sinkRows.length, batches.reduce((sum, batch) => sum + batch.output, 0), 'the sink holds every batch output');
      for (const batch of batches) {
        assert.equal(sinkRows.filter((row) => row.batchId === batch.batchId).length, batch.output, `batch ${batch.batchId}`);
      }
      assert.equal(batches[0]?.output, 0, 'append mode emits nothing before the watermark passes a window');
      assert.ok(batches.reduce((sum, batch) => sum + batch.dropped, 0) > 0, 'late rows are dropped');
      // Page views per window add up to the rows that were neither late nor malformed
      const views = sinkRows.reduce((sum, row) => sum + ((JSON.parse(row.row) as unknown[])[2] as number), 0);
      assert.ok(views > 500 && views < 600, `views ${views}`);
      const corrupt = db.prepare('SELECT line, raw FROM corrupt_records ORDER BY line').all() as { line: number; raw: string }[];
      assert.deepEqual(corrupt.map((record) => record.line), [58, 332]);
      assert.match(corrupt[1]?.raw ?? '', /yesterday/);
    } finally {
      db.close();
    }
    // The summary table names each batch and the totals
    assert.match(run.stdout, /batch\s+input rows\s+output rows\s+state rows\s+watermark\s+late rows dropped\s+corrupt records/);
    assert.match(run.stdout, /total\s+602\s+\d+\s+\d+\s+2/);
  }));

test('--progress jsonl streams one Spark-shaped progress object per batch on stdout', () =>
  withDirectory(async (directory) => {
    const run = await simulate([example, '--db', path.join(directory, 'p.sqlite'), '--progress', 'jsonl', '--rows-per-batch', '200']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.ok(lines.length >= 4);
    lines.forEach((line, index) => {
      const progress = JSON.parse(line) as Record<string, unknown>;
      for (const field of ['id', 'runId', 'timestamp', 'batchId', 'numInputRows', 'inputRowsPerSecond', 'processedRowsPerSecond', 'durationMs', 'eventTime', 'stateOperators', 'sources', 'sink']) {
        assert.ok(field in progress, `line ${index + 1} has ${field}`);
      }
      assert.equal(progress['batchId'], index);
      const operators = progress['stateOperators'] as { numRowsTotal: number }[];
      assert.equal(operators.length, 1, 'one aggregation');
    });
    assert.match(run.stderr, /simulating query 1/, 'the human-readable lines go to stderr');
  }));

test('exit codes: unknown query, unreadable event file, no schema, unsupported construct with its line', () =>
  withDirectory(async (directory) => {
    const unknown = await simulate([example, '--query', '3']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown query 3: .* starts 1 streaming query:\n {2}1\. query 1 \(line 27, delta sink, append mode\)/);

    const missing = await simulate([example, '--events', `clicks=${path.join(directory, 'nope.jsonl')}`]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the event file .*nope\.jsonl/);

    const noFile = await simulate([path.join(directory, 'absent.py')]);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /cannot read .*absent\.py: no such file/);

    const job = path.join(directory, 'job.py');
    writeFileSync(job, 'raw = spark.readStream.format("delta").table("bronze.events")\nraw.writeStream.format("delta").start("/out")\n');
    const noSchema = await simulate([job]);
    assert.equal(noSchema.code, 2);
    assert.match(noSchema.stderr, /declares no schema.*--events bronze\.events=PATH/);

    writeFileSync(
      job,
      [
        'from pyspark.sql import functions as F',
        'from pyspark.sql.window import Window',
        'clicks = spark.readStream.schema("user_id STRING, ts TIMESTAMP").json("/clicks")',
        'ranked = clicks.withColumn("rank", F.row_number().over(Window.partitionBy("user_id").orderBy("ts")))',
        'ranked.writeStream.format("delta").start("/out")',
        '',
      ].join('\n'),
    );
    const unsupported = await simulate([job, '--db', path.join(directory, 'u.sqlite')]);
    assert.equal(unsupported.code, 1, unsupported.stderr);
    assert.match(unsupported.stderr, /line 4: /);

    const badArgument = await simulate([example, '--crash-at', 'sometime']);
    assert.equal(badArgument.code, 2);
    assert.match(badArgument.stderr, /--crash-at expects one of after-offsets/);
  }));

function modeJob(directory: string, format: 'json' | 'csv', mode: string): string {
  const job = path.join(directory, `${format}-${mode}.py`);
  const reader =
    format === 'json'
      ? `spark.readStream.schema("user STRING, clicks INT, _corrupt_record STRING").option("mode", "${mode}").json("/in")`
      : `spark.readStream.schema("user STRING, clicks INT, _corrupt_record STRING").option("header", True).option("mode", "${mode}").csv("/in")`;
  writeFileSync(job, `events = ${reader}\nevents.writeStream.format("delta").start("/out")\n`);
  return job;
}

for (const format of ['json', 'csv'] as const) {
  test(`malformed ${format} input in every mode lands in the corrupt_records table`, () =>
    withDirectory(async (directory) => {
      const events = path.join(directory, `events.${format === 'json' ? 'jsonl' : 'csv'}`);
      writeFileSync(
        events,
        format === 'json'
          ? '{"user":"ann","clicks":1}\n{"user":"bob","clicks":"x"}\n{"user":\n{"user":"cy","clicks":3}\n'
          : 'user,clicks\nann,1\nbob,x\ncy\ncy,3\n',
      );
      const expectedLines = format === 'json' ? [2, 3] : [3, 4];
      const outputs: Record<string, unknown[][]> = {};
      for (const mode of ['PERMISSIVE', 'DROPMALFORMED']) {
        const database = path.join(directory, `${mode}.sqlite`);
        const run = await simulate([modeJob(directory, format, mode), '--events', `events=${events}`, '--db', database]);
        assert.equal(run.code, 0, run.stderr);
        const db = new Database(database, { readonly: true });
        try {
          const corrupt = db.prepare('SELECT batch_id AS batchId, source, file, line, raw FROM corrupt_records ORDER BY line').all() as { batchId: number; source: string; file: string; line: number; raw: string }[];
          assert.deepEqual(corrupt.map((record) => [record.batchId, record.source, record.file, record.line]), expectedLines.map((line) => [0, 'in', events, line]), mode);
          outputs[mode] = (db.prepare('SELECT row FROM sink_rows ORDER BY id').all() as { row: string }[]).map((row) => JSON.parse(row.row) as unknown[]);
        } finally {
          db.close();
        }
      }
      const permissive = outputs['PERMISSIVE'] ?? [];
      assert.equal(permissive.length, 4, 'PERMISSIVE keeps every record');
      assert.deepEqual(permissive[0], ['ann', 1, null]);
      assert.equal(permissive[1]?.[1], null, 'the bad field is null');
      assert.match(String(permissive[1]?.[2]), format === 'json' ? /"clicks":"x"/ : /^bob,x$/, 'the raw line is in _corrupt_record');
      assert.deepEqual((outputs['DROPMALFORMED'] ?? []).map((row) => row[0]), ['ann', 'cy'], 'DROPMALFORMED keeps the good records only');

      const failing = await simulate([modeJob(directory, format, 'FAILFAST'), '--events', `events=${events}`, '--db', path.join(directory, 'fail.sqlite')]);
      assert.equal(failing.code, 1);
      assert.match(failing.stderr, new RegExp(`malformed record in .*events\\.${format === 'json' ? 'jsonl' : 'csv'} line ${expectedLines[0]} \\(mode FAILFAST\\)`));
    }));
}

test('--crash-at after the sink write: duplicates with spark-faithful semantics and an at-least-once sink, none with atomic', () =>
  withDirectory(async (directory) => {
    const job = path.join(directory, 'to_kafka.py');
    writeFileSync(
      job,
      'clicks = spark.readStream.schema("user_id STRING, page STRING, event_time TIMESTAMP").json("/clicks")\n' +
        'clicks.select("user_id", "page").writeStream.format("kafka").option("topic", "out").start()\n',
    );
    const events = `clicks=${path.join(repoRoot, 'examples', 'events', 'clicks.jsonl')}`;
    const faithful = await simulate([job, '--events', events, '--db', path.join(directory, 'f.sqlite'), '--crash-at', 'after-sink', '--sink-semantics', 'spark-faithful']);
    assert.equal(faithful.code, 0, faithful.stderr);
    assert.match(faithful.stdout, /crash at after-sink-before-commit of batch 1 \(spark-faithful sink semantics, append-only sink \(at least once\)\): the restart re-ran batch 1 from the offsets log \(the sink was called 2 times for it\); the sink holds 100 duplicate rows and lost 0 rows/);
    assert.match(faithful.stdout, /the clean run is in .*f\.clean\.sqlite\)/);
    const atomic = await simulate([job, '--events', events, '--db', path.join(directory, 'a.sqlite'), '--crash-at', 'after-sink', '--sink-semantics', 'atomic']);
    assert.equal(atomic.code, 0, atomic.stderr);
    assert.match(atomic.stdout, /crash at after-sink-before-commit of batch 1 \(atomic sink semantics.*: the restart re-ran batch 1 from the offsets log; the sink holds exactly the rows of a clean run/);
    // An idempotent sink (Delta) skips the batch it already has, even with spark-faithful semantics
    const idempotent = await simulate([example, '--db', path.join(directory, 'i.sqlite'), '--crash-at', 'after-sink', '--sink-semantics', 'spark-faithful']);
    assert.equal(idempotent.code, 0, idempotent.stderr);
    assert.match(idempotent.stdout, /idempotent sink.*the sink holds exactly the rows of a clean run/);
  }));

test('on a terminal a progress bar replaces the per-batch lines', () =>
  withDirectory(async (directory) => {
    const run = await simulate([example, '--db', path.join(directory, 't.sqlite')], true);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\r\[#+\.*\] 1\/7 data batches, 100 rows in \(batch 0\)/);
    assert.match(run.stdout, /\r\[#{30}\] 7\/7 data batches, 602 rows in \(batch 6\)/);
    assert.doesNotMatch(run.stdout, /^batch 0: /m);
    const plain = await simulate([example, '--db', path.join(directory, 'p.sqlite')]);
    assert.doesNotMatch(plain.stdout, /\r/);
    assert.match(plain.stdout, /^batch 0: 100 in, 0 out, 40 in state, watermark -, 0 late dropped, 1 corrupt$/m);
  }));

test('generated input: the same seed gives the same sink, another seed another; statics bind to event files', () =>
  withDirectory(async (directory) => {
    const job = path.join(directory, 'enrich.py');
    writeFileSync(
      job,
      [
        'from pyspark.sql import functions as F',
        'orders = spark.readStream.schema("order_id STRING, customer_id STRING, amount DOUBLE, order_time TIMESTAMP").json("/orders")',
        'customers = spark.read.format("jdbc").option("dbtable", "customers").load()',
        'totals = (orders.join(customers, "customer_id").withWatermark("order_time", "10 minutes")',
        '          .groupBy(F.window("order_time", "5 minutes"), "segment").agg(F.sum("amount").alias("total")))',
        'totals.writeStream.outputMode("append").format("delta").start("/out")',
        '',
      ].join('\n'),
    );
    const customers = path.join(directory, 'customers.csv');
    writeFileSync(customers, 'customer_id,segment\n' + Array.from({ length: 40 }, (_, index) => `user-${String(index + 1).padStart(3, '0')},${index % 3 === 0 ? 'gold' : 'basic'}`).join('\n') + '\n');
    const sink = async (seed: string, name: string): Promise<string[]> => {
      const database = path.join(directory, `${name}.sqlite`);
      const run = await simulate([job, '--events', `customers=${customers}`, '--seed', seed, '--batches', '6', '--rows-per-batch', '50', '--db', database]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /input customers \(static\): 40 records from .*customers\.csv \(csv\)/);
      const db = new Database(database, { readonly: true });
      try {
        return (db.prepare('SELECT row FROM sink_rows ORDER BY id').all() as { row: string }[]).map((row) => row.row);
      } finally {
        db.close();
      }
    };
    const first = await sink('7', 'a');
    assert.ok(first.length > 0, 'windows were emitted');
    assert.ok(first.every((row) => /"(gold|basic)"/.test(row)), 'every order found its customer');
    assert.deepEqual(await sink('7', 'b'), first);
    assert.notDeepEqual(await sink('8', 'c'), first);
  }));

test('--scenario feeds each addData step as one trigger of the scenario pipeline', () =>
  withDirectory(async (directory) => {
    const scenario = path.join(repoRoot, '..', 'shared', 'scenarios', '53-guide-late-data-update-mode.json');
    const database = path.join(directory, 's.sqlite');
    const run = await simulate(['--scenario', scenario, '--db', database]);
    assert.equal(run.code, 0, run.stderr);
    const db = new Database(database, { readonly: true });
    try {
      const inputs = (db.prepare('SELECT num_input_rows AS rows FROM progress ORDER BY batch_id').all() as { rows: number }[]).map((row) => row.rows);
      // The guide's three triggers of rows (2, 2, 4 rows) then late data; no-data batches in between
      assert.deepEqual(inputs.filter((rows) => rows > 0), [2, 2, 4, 2]);
      assert.ok((db.prepare('SELECT SUM(dropped_by_watermark) AS dropped FROM progress').get() as { dropped: number }).dropped > 0, 'the late rows are dropped');
    } finally {
      db.close();
    }
    const crash = await simulate(['--scenario', scenario, '--crash-at', 'after-commit']);
    assert.equal(crash.code, 2);
  }));

test('a Kafka source bound to a file: each line is a record value that from_json parses, maxOffsetsPerTrigger per batch', () =>
  withDirectory(async (directory) => {
    const job = path.join(directory, 'kafka_job.py');
    writeFileSync(
      job,
      [
        'from pyspark.sql import functions as F',
        'schema = "user_id STRING, page STRING"',
        'raw = spark.readStream.format("kafka").option("subscribe", "clicks").option("maxOffsetsPerTrigger", 2).load()',
        'clicks = raw.select(F.from_json(F.col("value").cast("string"), schema).alias("c")).select("c.*")',
        'clicks.writeStream.format("delta").start("/out")',
        '',
      ].join('\n'),
    );
    const events = path.join(directory, 'clicks.jsonl');
    writeFileSync(events, '{"user_id":"u1","page":"/a"}\n{"user_id":"u2","page":"/b"}\nnot json\n{"user_id":"u3","page":"/c"}\n{"user_id":"u4"}\n');
    const database = path.join(directory, 'k.sqlite');
    const run = await simulate([job, '--events', `clicks=${events}`, '--db', database]);
    assert.equal(run.code, 0, run.stderr);
    const db = new Database(database, { readonly: true });
    try {
      assert.deepEqual((db.prepare('SELECT num_input_rows AS rows FROM progress ORDER BY batch_id').all() as { rows: number }[]).map((row) => row.rows), [2, 2, 1]);
      const rows = (db.prepare('SELECT row FROM sink_rows ORDER BY id').all() as { row: string }[]).map((row) => JSON.parse(row.row) as unknown[]);
      assert.deepEqual(rows, [['u1', '/a'], ['u2', '/b'], [null, null], ['u3', '/c'], ['u4', null]]);
    } finally {
      db.close();
    }
  }));

test('a generated static DataFrame keeps its declared column types (a timestamp stays a timestamp)', () =>
  withDirectory(async (directory) => {
    const job = path.join(directory, 'tenure.py');
    writeFileSync(
      job,
      [
        'from pyspark.sql import functions as F',
        'users = spark.read.schema("user_id STRING, signup_time TIMESTAMP").parquet("/users")',
        'clicks = spark.readStream.schema("user_id STRING, ts TIMESTAMP").json("/clicks")',
        'clicks.join(users, "user_id").withColumn("days", F.datediff(F.col("ts"), F.col("signup_time"))).writeStream.format("delta").start("/out")',
        '',
      ].join('\n'),
    );
    const database = path.join(directory, 'st.sqlite');
    const run = await simulate([job, '--batches', '1', '--rows-per-batch', '20', '--db', database]);
    assert.equal(run.code, 0, run.stderr);
    const db = new Database(database, { readonly: true });
    try {
      const schema = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'sinkSchema'").get() as { value: string }).value) as { name: string; type: string }[];
      assert.deepEqual(schema.map((column) => column.type), ['string', 'timestamp', 'timestamp', 'int']);
      const rows = (db.prepare('SELECT row FROM sink_rows').all() as { row: string }[]).map((row) => JSON.parse(row.row) as unknown[]);
      assert.equal(rows.length, 20, 'every click found its user');
      assert.ok(rows.every((row) => Number.isInteger(row[3])), 'datediff over two timestamps');
    } finally {
      db.close();
    }
  }));
