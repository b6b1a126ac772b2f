// Names from user code reach SQL only quoted, and anything the simulator does
// not model stops with a message naming the construct and its line.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { parsePython } from '../../server/src/python/parse';
import { quoteIdentifier } from '../../simulator/src/engine/quote-identifier';
import { SimulationReader } from '../../simulator/src/engine/read-api';
import { openSimulation } from '../../simulator/src/engine/simulation';
import { readStaticTable, writeStaticTable } from '../../simulator/src/engine/static-tables';
import { InlineSource } from '../../simulator/src/io/inline-source';
import { runScenario } from '../../simulator/src/scenario/run-scenario';

const hostile = 'a"b; DROP TABLE x';

test('quoteIdentifier doubles embedded quotes', () => {
  assert.equal(quoteIdentifier(hostile), '"a""b; DROP TABLE x"');
  assert.equal(quoteIdentifier('plain'), '"plain"');
  assert.throws(() => quoteIdentifier('a\u0000b'));
});

test('a static table with a hostile column name round-trips and drops nothing', () => {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE x (keep INTEGER); INSERT INTO x VALUES (1)');
  db.exec('CREATE TABLE static_tables (name TEXT PRIMARY KEY, table_name TEXT NOT NULL, schema TEXT NOT NULL)');
  const schema = writeStaticTable(db, hostile, [{ [hostile]: 7, word: 'seven' }]);
  assert.deepEqual(readStaticTable(db, hostile, schema), [[7, 'seven']]);
  assert.deepEqual(db.prepare('SELECT keep FROM x').all(), [{ keep: 1 }]);
  db.close();
});

test('a join on a hostile column name through the whole engine', async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'whirlpool-quote-'));
  try {
    const dbPath = path.join(directory, 'sim.sqlite');
    const setup = new Database(dbPath);
    setup.exec('CREATE TABLE x (keep INTEGER); INSERT INTO x VALUES (1)');
    setup.close();
    const { model } = await parsePython(`from pyspark.sql import functions as F
dim = spark.read.table("dim")
out = spark.readStream.table("events").join(dim, F.col("value") == F.col('a"b; DROP TABLE x'))
q = out.writeStream.format("memory").queryName("out").start()
`);
    const source = new InlineSource('events', [{ name: 'value', type: 'int' }]);
    const simulation = openSimulation({ model, dbPath, sources: { events: source }, statics: { dim: [{ [hostile]: 7, word: 'seven' }] } });
    source.add([{ value: 7 }, { value: 8 }]);
    simulation.runUntilIdle();
    assert.deepEqual(
      new SimulationReader(simulation.db).sinkRows().map((r) => r.values),
      [[7, 7, 'seven']],
    );
    assert.deepEqual(simulation.db.prepare('SELECT keep FROM x').all(), [{ keep: 1 }]);
    simulation.stop();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});

function scenario(pipeline: string): unknown {
  return {
    name: 'unsupported',
    pipeline,
    schema: { value: 'string' },
    outputMode: 'append',
    config: {},
    steps: [{ addData: [{ value: 'a' }] }, { advanceBatch: true }, { checkAnswer: [], scope: 'all' }],
  };
}

test('a Python UDF stops the simulation with its line', async () => {
  const result = await runScenario(
    scenario(`from pyspark.sql import functions as F
from pyspark.sql.types import StringType
shout = F.udf(lambda s: s.upper(), StringType())
out = spark.readStream.table("events").select(shout(F.col("value")).alias("loud"))
q = out.writeStream.format("memory").queryName("out").start()`),
  );
  assert.equal(result.error?.kind, 'unsupported');
  assert.match(result.error?.message ?? '', /^line 4: a Python UDF .* the simulator does not run Python \(at `shout\(F\.col\("value"\)\)`\)/);
});

test('an unknown function and an unsupported operation are named with their lines', async () => {
  const unknown = await runScenario(
    scenario(`from pyspark.sql import functions as F
out = spark.readStream.table("events").select(F.soundex("value").alias("s"))
q = out.writeStream.format("memory").queryName("out").start()`),
  );
  assert.match(unknown.error?.message ?? '', /^line 2: function soundex\(\) is not supported by the simulator/);
  const limit = await runScenario(
    scenario(`out = spark.readStream.table("events").limit(5)
q = out.writeStream.format("memory").queryName("out").start()`),
  );
  assert.match(limit.error?.message ?? '', /^line 1: limit\(\) on a streaming DataFrame is not supported/);
});

test('Spark analysis errors come with Spark\'s message: append mode aggregation without a watermark', async () => {
  const result = await runScenario(
    scenario(`counts = spark.readStream.table("events").groupBy("value").count()
q = counts.writeStream.outputMode("append").format("memory").queryName("out").start()`),
  );
  assert.equal(result.error?.kind, 'analysis');
  assert.match(result.error?.message ?? '', /line 1: Append output mode not supported when there are streaming aggregations on streaming DataFrames\/DataSets without watermark/);
});

test('distinct aggregations are refused as Spark refuses them on streams', async () => {
  const result = await runScenario(
    scenario(`from pyspark.sql import functions as F
counts = spark.readStream.table("events").groupBy("value").agg(F.countDistinct("value").alias("n"))
q = counts.writeStream.outputMode("complete").format("memory").queryName("out").start()`),
  );
  assert.equal(result.error?.kind, 'analysis');
  assert.match(result.error?.message ?? '', /^line 2: Distinct aggregations are not supported on streaming DataFrames\/Datasets/);
});
