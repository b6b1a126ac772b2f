// The missing-checkpoint fix never gives two queries one checkpoint: over the
// colliding-names fixtures (a sink path, a query name and a table all naming
// "events", one query already on events_2) and over queries started in a
// loop or by a function called twice, fix-all and every order of one-by-one
// quick fixes give the same distinct checkpoints and never make the
// shared-checkpoint rule fire.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixToFixpoint } from '../../server/src/fixes/fix-loop';
import { LineIndex } from '../../server/src/model/span';
import { findingsOf, fixtureLanguages, fixtureSettings } from './fix-harness';
import { collidingNamesFixture, fixOneByOne, orders, type NamingCase } from './name-plan-check';

const colliding = ['"hdfs:///checkpoints/events"', '"hdfs:///checkpoints/events_3"', '"hdfs:///checkpoints/events_4"', '"hdfs:///checkpoints/events_2"'];

const cases: readonly NamingCase[] = [
  { name: 'colliding names', language: 'python', text: collidingNamesFixture('missing-checkpoint-location', 'python'), expected: colliding, unfixable: 0 },
  { name: 'colliding names', language: 'scala', text: collidingNamesFixture('missing-checkpoint-location', 'scala'), expected: colliding, unfixable: 0 },
  {
    name: 'a loop, a query deriving the loop query\'s name, a function called twice',
    language: 'python',
    text: `from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
for topic in ["clicks", "views"]:
    events.where(events.topic == topic).writeStream.format("delta").start(f"/out/{topic}")
events.writeStream.format("delta").start("/archive/out")


def write(df):
    df.writeStream.format("delta").start("/out/copy")


write(events)
write(events)
`,
    expected: ['f"hdfs:///checkpoints/out/{topic}"', '"hdfs:///checkpoints/out_2"'],
    unfixable: 1,
  },
  {
    name: 'a loop and a query deriving the loop query\'s name',
    language: 'scala',
    text: `import org.apache.spark.sql.SparkSession

object Loops {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    val events = spark.readStream.format("kafka").option("subscribe", "events").load()
    for (topic <- Seq("clicks", "views")) {
      events.where(events("topic") === topic).writeStream.format("delta").start(s"/out/$topic")
    }
    events.writeStream.format("delta").start("/archive/out")
  }
}
`,
    expected: ['s"hdfs:///checkpoints/out/$topic"', '"hdfs:///checkpoints/out_2"'],
    unfixable: 0,
  },
];

/** The checkpointLocation expressions of the file, in source order. */
function checkpointLocations(text: string): string[] {
  return [...text.matchAll(/option\("checkpointLocation", ([a-z]?"[^"]*")\)/g)].map((match) => match[1] ?? '');
}

for (const { name, language, text: source, expected, unfixable } of cases) {
  const analysedAs = fixtureLanguages[language].file;
  const analyze = (text: string) => findingsOf(text, fixtureSettings, analysedAs);
  const missing = (findings: Awaited<ReturnType<typeof analyze>>) => findings.filter((finding) => finding.code === 'WP701');
  const shared = (findings: Awaited<ReturnType<typeof analyze>>) => findings.filter((finding) => finding.code === 'WP703');

  test(`${language}, ${name}: fix-all gives every query its own checkpoint and no WP703`, async () => {
    const result = await fixToFixpoint(source, analyze, { level: 'unsafe' });
    assert.deepEqual(checkpointLocations(result.text), expected);
    assert.deepEqual(shared(result.remaining), []);
    assert.equal(missing(result.remaining).length, unfixable);
    assert.ok(missing(result.remaining).every((finding) => finding.fixes.length === 0));
    assert.equal(result.passes, 1, 'one pass fixes every query');
  });

  test(`${language}, ${name}: quick fixes applied one by one, in every order, give the fix-all checkpoints`, async () => {
    const lines = new LineIndex(source);
    const queryLines = missing(await analyze(source)).filter((finding) => finding.fixes.length > 0).map((finding) => lines.position(finding.span.start).line);
    assert.equal(queryLines.length, expected.length - checkpointLocations(source).length, 'each query without a checkpoint has a fix');
    for (const order of orders(queryLines)) {
      const text = await fixOneByOne(source, order, analyze, missing, (findings) => assert.deepEqual(shared(findings), [], `order ${order.join(',')}: no shared checkpoint`));
      const after = await analyze(text);
      assert.deepEqual(shared(after), [], `order ${order.join(',')}`);
      assert.equal(missing(after).length, unfixable, `order ${order.join(',')}`);
      assert.deepEqual(checkpointLocations(text), expected, `order ${order.join(',')}`);
    }
  });
}
