// Expressions: the SQL parser (into the model's Expr), evaluation with Spark's
// null and type rules, window assignment and interval parsing, and the
// aggregate functions through a query.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Expr } from '../../server/src/model/pipeline';
import { assignWindows, compileExpression } from '../../simulator/src/engine/compile-expression';
import { bigintType, intType, stringType, timestampType, windowType } from '../../simulator/src/engine/data-type';
import { parseIntervalMicros } from '../../simulator/src/engine/interval';
import type { Column, Row } from '../../simulator/src/engine/schema';
import { SimulationError } from '../../simulator/src/engine/simulation-error';
import { parseSqlExpression } from '../../simulator/src/engine/sql-expression';
import { runScenario } from '../../simulator/src/scenario/run-scenario';

function column(name: string, type = intType, qualifier: string | null = null, eventTimeDelayMs: number | null = null): Column {
  return { name, type, qualifiers: qualifier === null ? [] : [qualifier], nodes: [], eventTimeDelayMs };
}

const schema: Column[] = [
  column('a'),
  column('b', bigintType),
  column('s', stringType),
  column('t', timestampType, 'l', 10_000),
  column('window', windowType),
  column('t', timestampType, 'r'),
];

function sql(text: string): Expr {
  const parsed = parseSqlExpression(text, 0);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.expr;
}

function evaluate(text: string, row: Row): unknown {
  return compileExpression(sql(text), { schema, batchTimestamp: () => 86_400_000_000, aggregates: null }).evaluate(row);
}

const row: Row = [3, 10, 'abc', 20_000_000, { start: 0, end: 10_000_000 }, 12_000_000];

test('SQL: arithmetic, comparisons, boolean logic and precedence', () => {
  assert.equal(evaluate('a + b * 2', row), 23);
  assert.equal(evaluate('(a + b) * 2', row), 26);
  assert.equal(evaluate('b / 4', row), 2.5);
  assert.equal(evaluate('b % 3 = 1 AND NOT a > 3', row), true);
  assert.equal(evaluate('a = 1 OR s <> \'abc\'', row), false);
  assert.equal(evaluate('a BETWEEN 1 AND 3', row), true);
  assert.equal(evaluate('a NOT BETWEEN 1 AND 3', row), false);
  assert.equal(evaluate('a IN (1, 2, 3)', row), true);
  assert.equal(evaluate("s LIKE 'a_c'", row), true);
});

test('SQL: NULL follows three-valued logic', () => {
  const nulls: Row = [null, 10, null, null, null, null];
  assert.equal(evaluate('a + 1', nulls), null);
  assert.equal(evaluate('a > 1', nulls), null);
  assert.equal(evaluate('a > 1 AND b < 0', nulls), false);
  assert.equal(evaluate('a > 1 OR b > 0', nulls), true);
  assert.equal(evaluate('a IS NULL AND s IS NOT NULL', nulls), false);
  assert.equal(evaluate('a IS NULL', nulls), true);
});

test('SQL: CAST, CASE WHEN, functions, qualified names, struct fields and INTERVAL literals', () => {
  assert.equal(evaluate("CAST(s = 'abc' AS INT) + CAST('7' AS BIGINT)", row), 8);
  assert.equal(evaluate("CASE WHEN a > 5 THEN 'big' WHEN a > 2 THEN 'mid' ELSE 'small' END", row), 'mid');
  assert.equal(evaluate("CASE a WHEN 3 THEN 'three' END", row), 'three');
  assert.equal(evaluate('upper(s)', row), 'ABC');
  assert.equal(evaluate('coalesce(NULL, a)', row), 3);
  assert.equal(evaluate('l.t - INTERVAL 5 SECONDS > r.t', row), true);
  assert.equal(evaluate("l.t >= r.t + interval '8' second", row), true);
  assert.equal(evaluate('CAST(window.end AS LONG)', row), 10);
  assert.equal(evaluate('unix_timestamp(current_timestamp())', row), 86_400);
  assert.equal(evaluate('CAST(l.t AS STRING)', row), '1970-01-01 00:00:20');
  assert.equal(evaluate('unix_micros(l.t) - unix_millis(r.t) * 1000 + unix_seconds(r.t)', row), 8_000_012);
});

test('SQL: errors point into the text, and unknown names are Spark analysis errors', () => {
  const broken = parseSqlExpression('a + * b', 100);
  assert.equal(broken.ok, false);
  if (!broken.ok) assert.equal(broken.span.start, 104);
  assert.throws(() => evaluate('nope + 1', row), (error: unknown) => error instanceof SimulationError && /`nope` cannot be resolved/.test(error.message));
  assert.throws(() => evaluate('t', row), /ambiguous/);
  assert.throws(() => evaluate('soundex(s)', row), /function soundex\(\) is not supported/);
});

test('selectExpr aliases: AS and bare names', () => {
  const withAs = parseSqlExpression('a + 1 AS next', 0);
  const bare = parseSqlExpression('a next', 0);
  assert.ok(withAs.ok && bare.ok);
  if (withAs.ok && bare.ok) {
    assert.equal(withAs.alias, 'next');
    assert.equal(bare.alias, 'next');
  }
});

test('windows: tumbling, sliding (end exclusive) and a start offset before the epoch', () => {
  const second = 1_000_000;
  const starts = (t: number, d: number, s: number, o = 0) => assignWindows(t * second, d * second, s * second, o * second).map((w) => w.start / second).sort((x, y) => x - y);
  assert.deepEqual(starts(12, 5, 5), [10]);
  assert.deepEqual(starts(27, 10, 3), [18, 21, 24, 27]);
  assert.deepEqual(starts(34, 10, 3), [27, 30, 33]);
  assert.deepEqual(starts(2, 10, 10, 5), [-5]);
  assert.deepEqual(starts(-3, 5, 5), [-5]);
});

test('intervals: units, plurals, compound forms, a month as 31 days', () => {
  assert.equal(parseIntervalMicros('10 seconds'), 10_000_000);
  assert.equal(parseIntervalMicros('1 minute 30 seconds'), 90_000_000);
  assert.equal(parseIntervalMicros('interval 2 hours'), 7_200_000_000);
  assert.equal(parseIntervalMicros('1 month'), 31 * 86_400_000_000);
  assert.equal(parseIntervalMicros('100 milliseconds'), 100_000);
  assert.equal(parseIntervalMicros('ten seconds'), null);
});

test('aggregate functions: count, sum, avg, min, max, first, last, collect_list, approx_count_distinct', async () => {
  const result = await runScenario({
    name: 'aggregates',
    pipeline: `from pyspark.sql import functions as F
agg = (spark.readStream.table("events").groupBy("k")
       .agg(F.count("v").alias("n"), F.sum("v").alias("total"), F.avg("v").alias("mean"), F.min("v").alias("low"),
            F.max("v").alias("high"), F.first("v").alias("first"), F.last("v").alias("last"),
            F.collect_list("v").alias("all"), F.approx_count_distinct("v").alias("distinct")))
q = agg.writeStream.outputMode("complete").format("memory").queryName("out").start()`,
    schema: { k: 'string', v: 'int' },
    outputMode: 'complete',
    config: {},
    steps: [
      { addData: [{ k: 'a', v: 3 }, { k: 'a', v: 1 }, { k: 'a', v: null }, { k: 'b', v: 5 }] },
      { advanceBatch: true },
      { addData: [{ k: 'a', v: 3 }] },
      { advanceBatch: true },
      {
        checkAnswer: [
          { k: 'a', n: 3, total: 7, mean: 7 / 3, low: 1, high: 3, first: 3, last: 3, all: [3, 1, 3], distinct: 2 },
          { k: 'b', n: 1, total: 5, mean: 5, low: 5, high: 5, first: 5, last: 5, all: [5], distinct: 1 },
        ],
        scope: 'complete',
      },
    ],
  });
  assert.equal(result.error, null, result.error?.message);
  assert.deepEqual(result.checks.map((c) => c.message), ['2 row(s) as expected (complete)']);
});

test('selectExpr with * and expressions, where with SQL text', async () => {
  const result = await runScenario({
    name: 'select-expr',
    pipeline: `out = spark.readStream.table("events").where("v % 2 = 1").selectExpr("*", "v * 10 AS big", "CAST(v AS STRING) s")
q = out.writeStream.format("memory").queryName("out").start()`,
    schema: { v: 'int' },
    outputMode: 'append',
    config: {},
    steps: [{ addData: [{ v: 1 }, { v: 2 }, { v: 3 }] }, { advanceBatch: true }, { checkAnswer: [{ v: 1, big: 10, s: '1' }, { v: 3, big: 30, s: '3' }], scope: 'all' }],
  });
  assert.equal(result.error, null, result.error?.message);
  assert.deepEqual(result.checks.map((c) => c.ok), [true]);
});
