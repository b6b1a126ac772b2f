// Suppression comments, every form: each text marks the findings that must
// survive; everything else in it must be silenced.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, summarise } from './check';
import { parseDirectives } from '../../server/src/analysis/suppression';

const prelude = `from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
`;

async function expectMarked(rule: string, file: string, text: string): Promise<void> {
  const report = await check(rule, file, text);
  assert.ok(report.noisy.length === 0 && report.missing.length === 0, summarise(report));
}

test('a whirlpool: ignore comment on the line, by id or code, silences only the named rules', async () => {
  await expectMarked(
    'jdbc-streaming-sink-or-source',
    'job.py',
    `${prelude}
events.writeStream.format("jdbc").start()  # whirlpool: ignore[jdbc-streaming-sink-or-source]
events.writeStream.format("jdbc").start()  # whirlpool: ignore[WP303, wp801]
events.writeStream.format("jdbc").start()  # whirlpool: ignore
events.writeStream.format("jdbc").start()  # whirlpool: ignore[streaming-window-function]
#                         ^^^^^^ WP801
`,
  );
});

test('a comment alone on the line above silences the next line', async () => {
  await expectMarked(
    'jdbc-streaming-sink-or-source',
    'job.py',
    `${prelude}
# whirlpool: ignore[WP801] -- migrating to foreachBatch next sprint
events.writeStream.format("jdbc").start()

events.writeStream.format("jdbc").start()
#                         ^^^^^^ WP801
`,
  );
});

test('on the first line of a statement it covers the whole multi-line chain, parenthesised or backslash-continued', async () => {
  await expectMarked(
    'jdbc-streaming-sink-or-source',
    'job.py',
    `${prelude}
(events.writeStream  # whirlpool: ignore[WP801]
    .option("checkpointLocation", "/chk/a")
    .format("jdbc")
    .start())

# whirlpool: ignore[jdbc-streaming-sink-or-source]
query = events.writeStream \\
    .format("jdbc") \\
    .start()

(events.writeStream
    .option("checkpointLocation", "/chk/b")
    .format("jdbc")
#           ^^^^^^ WP801
    .start())
`,
  );
});

test('a comment above a compound statement does not silence its body', async () => {
  await expectMarked(
    'jdbc-streaming-sink-or-source',
    'job.py',
    `${prelude}
# whirlpool: ignore
def start_all():
    events.writeStream.format("jdbc").start()
#                             ^^^^^^ WP801
`,
  );
});

test('ignore-file at top level silences the rule in the whole file; inside a function it does nothing', async () => {
  await expectMarked(
    'jdbc-streaming-sink-or-source',
    'job.py',
    `${prelude}
events.writeStream.format("jdbc").start()
# whirlpool: ignore-file[WP801]
events.writeStream.format("jdbc").start()
`,
  );
  await expectMarked(
    'jdbc-streaming-sink-or-source',
    'job.py',
    `${prelude}
def helper():
    # whirlpool: ignore-file[WP801]
    return 1
events.writeStream.format("jdbc").start()
#                         ^^^^^^ WP801
`,
  );
});

test("noqa with our code or bare silences the line; other tools' codes do not", async () => {
  await expectMarked(
    'jdbc-streaming-sink-or-source',
    'job.py',
    `${prelude}
events.writeStream.format("jdbc").start()  # noqa: WP801
events.writeStream.format("jdbc").start()  # noqa
events.writeStream.format("jdbc").start()  # noqa: E501, WP303
#                         ^^^^^^ WP801
`,
  );
});

test('a suppression inside a string literal is text, not a comment', async () => {
  await expectMarked(
    'jdbc-streaming-sink-or-source',
    'job.py',
    `${prelude}
events.writeStream.format("jdbc").option("note", "# whirlpool: ignore").start()
#                         ^^^^^^ WP801
events.writeStream.format("jdbc").option("note", "# noqa").start()
#                         ^^^^^^ WP801
`,
  );
});

test('build files take the same comments in their own syntax', async () => {
  await expectMarked(
    'spark-version-with-corrupt-checkpoints',
    'requirements.txt',
    `pyspark==2.2.0  # whirlpool: ignore[WP709]
# whirlpool: ignore[spark-version-with-corrupt-checkpoints]
pyspark==2.2.0
pyspark==2.2.0  # noqa: WP709
pyspark==2.2.0
#        ^^^^^ WP709
`,
  );
  await expectMarked(
    'spark-version-with-corrupt-checkpoints',
    'build.sbt',
    `// whirlpool: ignore-file[WP709]
libraryDependencies += "org.apache.spark" %% "spark-sql" % "2.2.0"
`,
  );
});

test('directives parse ids, codes, lists and bare forms', () => {
  assert.deepEqual(parseDirectives('# whirlpool: ignore[a-rule, WP801]'), [{ kind: 'ignore', selector: ['a-rule', 'wp801'] }]);
  assert.deepEqual(parseDirectives('# whirlpool:ignore'), [{ kind: 'ignore', selector: null }]);
  assert.deepEqual(parseDirectives('# whirlpool: ignore-file[WP507]'), [{ kind: 'ignore-file', selector: ['wp507'] }]);
  assert.deepEqual(parseDirectives('# noqa'), [{ kind: 'noqa', selector: null }]);
  assert.deepEqual(parseDirectives('# noqa:WP801,WP303'), [{ kind: 'noqa', selector: ['wp801', 'wp303'] }]);
  assert.deepEqual(parseDirectives('# a comment about noqaish things'), []);
});
