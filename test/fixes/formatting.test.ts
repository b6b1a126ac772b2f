// Fixes keep the user's formatting: chains split over lines in parentheses,
// with backslashes, and with comments.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { insertAfterStep, removeStep } from '../../server/src/fixes/chain-edit';
import { disableForFile, disableForStatement, removeComment } from '../../server/src/fixes/suppression-edits';
import { findingsOf } from './fix-harness';

const head = `from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("rate").load()
`;

async function watermarkFixed(chain: string): Promise<string> {
  const text = head + chain;
  const finding = (await findingsOf(text)).find((candidate) => candidate.code === 'WP201');
  const fix = finding?.fixes[0];
  assert.ok(fix, 'the watermark fix is offered');
  return applyEdits(text, fix.edits()).slice(head.length);
}

test('a watermark inserted into a parenthesised chain gets its own line and indentation; comments stay with their step', async () => {
  const chain = `counts = (events
          .filter("value > 0")  # only positive
          .groupBy(F.window("timestamp", "1 minute"))
          .count())
counts.writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")
`;
  assert.equal(await watermarkFixed(chain), chain.replace('          .groupBy', '          .withWatermark("timestamp", "10 minutes")\n          .groupBy'));
});

test('a watermark inserted into a backslash-continued chain continues its line', async () => {
  const chain = `counts = events \\
    .groupBy(F.window(F.col("timestamp"), "1 minute")) \\
    .count()
counts.writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")
`;
  assert.equal(await watermarkFixed(chain), chain.replace('    .groupBy', '    .withWatermark("timestamp", "10 minutes") \\\n    .groupBy'));
});

test('a step removed from its own line takes the line, and the last line of a backslash chain takes the backslash before it', () => {
  const parenthesised = 'dim = (spark.read.parquet("/d")\n       .cache()  # frozen\n       .select("id"))\n';
  const step = parenthesised.indexOf('.cache()');
  assert.equal(applyEdits(parenthesised, removeStep(parenthesised, { start: step, end: step + 8 })), 'dim = (spark.read.parquet("/d")\n       .select("id"))\n');
  const backslash = 'dim = spark.read.parquet("/d") \\\n    .cache()\nprint(dim)\n';
  const last = backslash.indexOf('.cache()');
  assert.equal(applyEdits(backslash, removeStep(backslash, { start: last, end: last + 8 })), 'dim = spark.read.parquet("/d")\nprint(dim)\n');
  const inline = 'dim = spark.read.parquet("/d").cache().select("id")\n';
  const middle = inline.indexOf('.cache()');
  assert.equal(applyEdits(inline, removeStep(inline, { start: middle, end: middle + 8 })), 'dim = spark.read.parquet("/d").select("id")\n');
});

test('a step inserted after one that ends its line goes before the next step, not after the comment', () => {
  const text = '(df.writeStream\n    .format("delta")  # the lake\n    .start("/o"))\n';
  const end = text.indexOf(')  #');
  assert.equal(applyEdits(text, [insertAfterStep(text, end + 1, '.option("a", "b")')]), '(df.writeStream\n    .format("delta")  # the lake\n    .option("a", "b")\n    .start("/o"))\n');
});

test('suppression comments go above the whole statement with its indentation, never inside a string, and after the module header', () => {
  const text = '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""Job.\n\nMore."""\ndef f():\n    q = (df.writeStream\n         .option("x", """a\nb""")\n         .start())\n';
  const inner = text.indexOf('.start()');
  assert.equal(applyEdits(text, [disableForStatement(text, inner, 'WP701')!]), text.replace('    q = (', '    # whirlpool: ignore[WP701]\n    q = ('));
  assert.equal(applyEdits(text, [disableForFile(text, 'WP701')]), text.replace('More."""\n', 'More."""\n# whirlpool: ignore-file[WP701]\n'));
  // A Databricks source notebook's header stays its first line; CRLF files get CRLF lines.
  const notebook = '# Databricks notebook source\nq.start()\n';
  assert.equal(applyEdits(notebook, [disableForFile(notebook, 'WP701')]), '# Databricks notebook source\n# whirlpool: ignore-file[WP701]\nq.start()\n');
  const crlf = 'x = 1\r\n  # note\r\nq.start()\r\n';
  assert.equal(applyEdits(crlf, [disableForStatement(crlf, crlf.indexOf('q'), 'WP701')!]), 'x = 1\r\n  # note\r\n# whirlpool: ignore[WP701]\r\nq.start()\r\n');
  const merged = '# whirlpool: ignore[WP801]\nq.start()\n';
  assert.equal(applyEdits(merged, [disableForStatement(merged, merged.indexOf('q'), 'WP701')!]), '# whirlpool: ignore[WP801, WP701]\nq.start()\n');
  const trailing = 'x = 1  # whirlpool: ignore[WP801]\n# whirlpool: ignore\ny = 2\n';
  const first = trailing.indexOf('# whirlpool: ignore[');
  assert.equal(applyEdits(trailing, [removeComment(trailing, { start: first, end: trailing.indexOf('\n') })]), 'x = 1\n# whirlpool: ignore\ny = 2\n');
  const alone = trailing.indexOf('# whirlpool: ignore\n');
  assert.equal(applyEdits(trailing, [removeComment(trailing, { start: alone, end: alone + 19 })]), 'x = 1  # whirlpool: ignore[WP801]\ny = 2\n');
});

async function watermarkMoved(chain: string, file = 'job.py', prefix = head): Promise<string> {
  const text = prefix + chain;
  const finding = (await findingsOf(text, undefined, file)).find((candidate) => candidate.code === 'WP205');
  const fix = finding?.fixes[0];
  assert.ok(fix, 'the move-watermark fix is offered');
  return applyEdits(text, fix.edits()).slice(prefix.length);
}

const sink = 'counts.writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")\n';

test('a watermark moved out of the last line of a parenthesised chain leaves its closing bracket on the line above', async () => {
  const chain = `counts = (events
          .groupBy("timestamp")
          .count()
          .withWatermark("timestamp", "1 minute"))
${sink}`;
  assert.equal(
    await watermarkMoved(chain),
    `counts = (events
          .withWatermark("timestamp", "1 minute")
          .groupBy("timestamp")
          .count())
${sink}`,
  );
});

test('the closing bracket goes before the comment of the line above; a bracket the author put on its own line stays there', async () => {
  const commented = `counts = (events
          .groupBy("timestamp")
          .count()  # per timestamp
          .withWatermark("timestamp", "1 minute"))  # too late
${sink}`;
  assert.equal(
    await watermarkMoved(commented),
    `counts = (events
          .withWatermark("timestamp", "1 minute")
          .groupBy("timestamp")
          .count())  # per timestamp
${sink}`,
  );
  const ownLine = `counts = (
    events
    .groupBy("timestamp")
    .count()
    .withWatermark("timestamp", "1 minute")
)
${sink}`;
  assert.equal(
    await watermarkMoved(ownLine),
    `counts = (
    events
    .withWatermark("timestamp", "1 minute")
    .groupBy("timestamp")
    .count()
)
${sink}`,
  );
});

test('a watermark moved in a backslash chain keeps the continuations; one written over lines keeps its shape where it lands', async () => {
  const backslash = `counts = events \\
    .groupBy("timestamp") \\
    .count() \\
    .withWatermark("timestamp", "1 minute")
${sink}`;
  assert.equal(
    await watermarkMoved(backslash),
    `counts = events \\
    .withWatermark("timestamp", "1 minute") \\
    .groupBy("timestamp") \\
    .count()
${sink}`,
  );
  const spread = `counts = (events.groupBy("timestamp")
          .count().withWatermark("timestamp",
                                 "1 minute"))
${sink}`;
  assert.equal(
    await watermarkMoved(spread),
    `counts = (events.withWatermark("timestamp",
                               "1 minute").groupBy("timestamp")
          .count())
${sink}`,
  );
});

test('in Scala a watermark line goes with its // comment, and a closing bracket joins the line above', async () => {
  const scala = `import org.apache.spark.sql.SparkSession

object Job {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder().getOrCreate()
    val events = spark.readStream.format("rate").load()
`;
  const commented = `    events
      .groupBy("timestamp")
      .count()
      .withWatermark("timestamp", "1 minute") // late rows
      .writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")
  }
}
`;
  assert.equal(
    await watermarkMoved(commented, 'Job.scala', scala),
    `    events
      .withWatermark("timestamp", "1 minute")
      .groupBy("timestamp")
      .count()
      .writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")
  }
}
`,
  );
  const parenthesised = `    val counts = (events
      .groupBy("timestamp")
      .count() // per timestamp
      .withWatermark("timestamp", "1 minute"))
    counts.writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")
  }
}
`;
  assert.equal(
    await watermarkMoved(parenthesised, 'Job.scala', scala),
    `    val counts = (events
      .withWatermark("timestamp", "1 minute")
      .groupBy("timestamp")
      .count()) // per timestamp
    counts.writeStream.format("delta").option("checkpointLocation", "/chk/c").start("/out/c")
  }
}
`,
  );
});

test('a removed last step hands its brackets to the nearest line above with code (the blank lines before it go), never into a comment or past a floor division', () => {
  const text = 'x = (df\n     .select((df.n // 2).alias("h"))\n     .cache())\n';
  const step = text.indexOf('.cache()');
  assert.equal(applyEdits(text, removeStep(text, { start: step, end: step + 8 })), 'x = (df\n     .select((df.n // 2).alias("h")))\n');
  const commentAbove = 'x = (df\n     # frozen\n     .cache())\n';
  const after = commentAbove.indexOf('.cache()');
  assert.equal(applyEdits(commentAbove, removeStep(commentAbove, { start: after, end: after + 8 })), 'x = (df)\n     # frozen\n');
  const spaced = 'x = (df\n     .select("id")\n\n     # frozen\n\n     .cache())\ny = 1\n';
  const last = spaced.indexOf('.cache()');
  assert.equal(applyEdits(spaced, removeStep(spaced, { start: last, end: last + 8 })), 'x = (df\n     .select("id"))\n     # frozen\ny = 1\n');
});
