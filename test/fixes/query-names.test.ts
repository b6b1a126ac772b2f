// The query-name fix (WP702) never gives two queries one name (Spark refuses
// to start a query whose name is active): over the colliding-names fixtures
// (a sink path and a table deriving "events", queries already named events
// and events_2, a loop and a query deriving the loop query's name) and over
// queries started in a loop with one path or by a function called twice,
// fix-all and every order of one-by-one quick fixes give the same distinct
// names, and the queries that would share a name get no fix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixToFixpoint } from '../../server/src/fixes/fix-loop';
import { LineIndex } from '../../server/src/model/span';
import { findingsOf, fixtureLanguages, fixtureSettings } from './fix-harness';
import { collidingNamesFixture, fixOneByOne, orders, type NamingCase } from './name-plan-check';

const colliding = (loopName: string): string[] => ['"events_3"', '"events"', '"events_4"', '"events_2"', loopName, '"out_2"'];

const cases: readonly NamingCase[] = [
  { name: 'colliding names', language: 'python', text: collidingNamesFixture('global-checkpoint-without-query-name', 'python'), expected: colliding('f"out_{topic}"'), unfixable: 0 },
  { name: 'colliding names', language: 'scala', text: collidingNamesFixture('global-checkpoint-without-query-name', 'scala'), expected: colliding('s"out_$topic"'), unfixable: 0 },
  {
    name: 'a loop with one path, a function called twice, two queries deriving events',
    language: 'python',
    text: `from pyspark.sql import SparkSession

spark = SparkSession.builder.config("spark.sql.streaming.checkpointLocation", "/chk").getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
for topic in ["clicks", "views"]:
    events.where(events.topic == topic).writeStream.format("delta").start("/out/topic")
events.writeStream.format("delta").start("/out/events")


def write(df):
    df.writeStream.format("delta").start("/out/copy")


write(events)
write(events)
events.writeStream.format("delta").start("/archive/events")
`,
    expected: ['"events"', '"events_2"'],
    unfixable: 2,
  },
  {
    name: 'a loop over pairs whose sink path reads the second variable',
    language: 'python',
    text: `from pyspark.sql import SparkSession

spark = SparkSession.builder.config("spark.sql.streaming.checkpointLocation", "/chk").getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
for topic, table in [("clicks", "click_events"), ("views", "view_events")]:
    events.where(events.topic == topic).writeStream.format("delta").start(f"/lake/{table}")
`,
    expected: ['f"lake_{table}"'],
    unfixable: 0,
  },
  {
    name: 'a loop with one path and a query deriving its name',
    language: 'scala',
    text: `import org.apache.spark.sql.SparkSession

object Loops {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().config("spark.sql.streaming.checkpointLocation", "/chk").getOrCreate()
    val events = spark.readStream.format("kafka").option("subscribe", "events").load()
    for (topic <- Seq("clicks", "views")) {
      events.where(events("topic") === topic).writeStream.format("delta").start("/out/all")
    }
    events.writeStream.format("delta").start("/archive/all")
  }
}
`,
    expected: ['"all"'],
    unfixable: 1,
  },
];

/** The queryName expressions of the file, in source order. */
function queryNames(text: string): string[] {
  return [...text.matchAll(/queryName\(([a-z]?"[^"]*")\)/g)].map((match) => match[1] ?? '');
}

for (const { name, language, text: source, expected, unfixable } of cases) {
  const analysedAs = fixtureLanguages[language].file;
  const analyze = (text: string) => findingsOf(text, fixtureSettings, analysedAs);
  const unnamed = (findings: Awaited<ReturnType<typeof analyze>>) => findings.filter((finding) => finding.code === 'WP702');

  test(`${language}, ${name}: fix-all gives every query its own name`, async () => {
    const result = await fixToFixpoint(source, analyze, { level: 'unsafe' });
    const names = queryNames(result.text);
    assert.deepEqual(names, expected);
    assert.equal(new Set(names).size, names.length, 'no two queries share a name');
    assert.equal(unnamed(result.remaining).length, unfixable);
    assert.ok(unnamed(result.remaining).every((finding) => finding.fixes.length === 0));
    assert.equal(result.passes, 1, 'one pass fixes every query');
  });

  test(`${language}, ${name}: quick fixes applied one by one, in every order, give the fix-all names`, async () => {
    const lines = new LineIndex(source);
    const queryLines = unnamed(await analyze(source)).filter((finding) => finding.fixes.length > 0).map((finding) => lines.position(finding.span.start).line);
    assert.equal(queryLines.length, expected.length - queryNames(source).length, 'each unnamed query that can have a name has a fix');
    for (const order of orders(queryLines)) {
      const text = await fixOneByOne(source, order, analyze, unnamed);
      assert.equal(unnamed(await analyze(text)).length, unfixable, `order ${order.join(',')}`);
      assert.deepEqual(queryNames(text), expected, `order ${order.join(',')}`);
    }
  });
}
