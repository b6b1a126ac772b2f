// Where a fix's import line goes in a Python file, which name a fix writes
// for pyspark.sql.functions, and that fix-all adds the import once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { fixToFixpoint } from '../../server/src/fixes/fix-loop';
import { functionsModule } from '../../server/src/fixes/functions-module';
import { pythonImportEdit } from '../../server/src/fixes/python-imports';
import { findingsOf } from './fix-harness';

const line = 'from pyspark.sql import functions as F';

function withImport(text: string, at = text.length): string {
  return applyEdits(text, [pythonImportEdit(text, at, line)]);
}

test('the import goes below the last top-level import above the fix, a parenthesised one counted to its close', () => {
  const text = 'import os\nfrom pyspark.sql.functions import (\n    col,\n    lit,\n)\n\nx = col("a")\n';
  assert.equal(withImport(text), `import os\nfrom pyspark.sql.functions import (\n    col,\n    lit,\n)\n${line}\n\nx = col("a")\n`);
});

test('an import below the fix, or one nested in a block, does not count', () => {
  const text = 'from pyspark.sql import SparkSession\nx = 1\nif x:\n    import json\nimport late\n';
  assert.equal(withImport(text, text.indexOf('x = 1')), `from pyspark.sql import SparkSession\n${line}\nx = 1\nif x:\n    import json\nimport late\n`);
});

test('with no import, the line goes below the leading comments, the docstring and __future__ imports', () => {
  assert.equal(withImport('#!/usr/bin/env python\n# Databricks notebook source\nx = 1\n'), `#!/usr/bin/env python\n# Databricks notebook source\n${line}\nx = 1\n`);
  assert.equal(withImport('"""Job.\n\nMore.\n"""\nfrom __future__ import annotations\nx = 1\n'), `"""Job.\n\nMore.\n"""\nfrom __future__ import annotations\n${line}\nx = 1\n`);
  assert.equal(withImport('x = 1\n'), `${line}\nx = 1\n`);
  assert.equal(withImport('import os'), `import os\n${line}\n`);
});

test('functionsModule uses the file name for the module, else F with its import, and gives up when F means something else', () => {
  assert.equal(functionsModule('import pyspark.sql.functions as fn\nx = 1\n', 30)?.name, 'fn');
  assert.deepEqual(functionsModule('import pyspark.sql.functions as fn\nx = 1\n', 30)?.imports(), []);
  assert.equal(functionsModule('from pyspark.sql import SparkSession, functions\n', 40)?.name, 'functions');
  const added = functionsModule('from pyspark.sql.functions import col\nx = col("a")\n', 45);
  assert.equal(added?.name, 'F');
  assert.deepEqual(added?.imports(), [{ span: { start: 38, end: 38 }, newText: `${line}\n` }]);
  assert.equal(functionsModule('from pyspark.sql.functions import col as F\n', 44), null);
  assert.equal(functionsModule('F = load_frame()\n', 17), null);
  assert.equal(functionsModule('for F in frames:\n    pass\n', 20), null);
});

test('fix-all adds the functions import once when two fixes need it', async () => {
  const text = `from pyspark.sql import SparkSession
from pyspark.sql.functions import col

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
sampled = events.sample(0.1)
marked = events.withWatermark("value", "1 minute")
ids = events.select(col("key"))
`;
  const result = await fixToFixpoint(text, (current) => findingsOf(current), { level: 'unsafe' });
  assert.equal(result.text.split(line).length - 1, 1, result.text);
  assert.match(result.text, /^from pyspark\.sql\.functions import col\nfrom pyspark\.sql import functions as F\n/m);
  assert.match(result.text, /events\.filter\(F\.rand\(\) < 0\.1\)/);
  assert.match(result.text, /events\.withColumn\("value", F\.to_timestamp\(F\.col\("value"\)\.cast\("string"\)\)\)\.withWatermark/);
  assert.deepEqual(result.remaining.map((finding) => finding.code), []);
});
