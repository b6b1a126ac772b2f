// Every PySpark fix, on every PySpark invalid fixture, writes only names the
// fixed file binds: an `F.` it adds needs `F` imported (`from pyspark.sql
// import functions as F`), a `Window.` needs `Window` imported, a helper it
// calls must be defined, and so on. Each fixture is also read with the
// functions module imported another way (`import pyspark.sql.functions as
// fn`, or the functions imported by name), where an `F.` written blindly
// would be unbound, and where the file must still get every fix it gets as
// written. Display-only templates count too: what they show is meant to be
// pasted. Names the fixture itself already uses unbound are not the fix's
// doing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TextEdit } from '../../server/src/analysis/types';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { rules } from '../../server/src/rules/registry';
import { findingsOf, fixtureSettings, fixtureSettingsFor, invalidFixtures, ruleFixtures } from './fix-harness';
import { boundNames, usedNames } from './python-bindings';

/** The fixture as written, and with `functions as F` replaced by a module alias `fn` or by the functions imported by name. */
function importVariants(text: string): { readonly name: string; readonly text: string }[] {
  const variants = [{ name: 'as written', text }];
  const importLine = /^from pyspark\.sql import ([^\n]*?)\bfunctions as F\b([^\n]*)$/m;
  const line = importLine.exec(text);
  if (!line) return variants;
  const others = `${line[1] ?? ''}${line[2] ?? ''}`.split(',').map((name) => name.trim()).filter((name) => name !== '');
  const rest = others.length > 0 ? `from pyspark.sql import ${others.join(', ')}\n` : '';
  variants.push({ name: 'functions as fn', text: text.replace(importLine, `${rest}import pyspark.sql.functions as fn`).replace(/(?<![\w.])F\./g, 'fn.') });
  const functions = [...new Set([...text.matchAll(/(?<![\w.])F\.([A-Za-z_]\w*)/g)].map((match) => match[1] ?? ''))].sort();
  const byName = functions.length > 0 ? `${rest}from pyspark.sql.functions import ${functions.join(', ')}` : rest.replace(/\n$/, '');
  variants.push({ name: 'functions by name', text: text.replace(importLine, byName).replace(/(?<![\w.])F\.(?=[A-Za-z_])/g, '') });
  return variants;
}

/** The ranges of `after` that the edits wrote. */
function writtenRanges(edits: readonly TextEdit[]): { start: number; end: number }[] {
  const ordered = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const ranges: { start: number; end: number }[] = [];
  let shift = 0;
  let cursor = 0;
  for (const edit of ordered) {
    if (edit.span.start < cursor) continue;
    ranges.push({ start: edit.span.start + shift, end: edit.span.start + shift + edit.newText.length });
    shift += edit.newText.length - (edit.span.end - edit.span.start);
    cursor = edit.span.end;
  }
  return ranges;
}

/** Names the edits write into `before` that the fixed file leaves unbound, leaving out names `before` already uses unbound. */
function unboundWrites(before: string, edits: readonly TextEdit[]): string[] {
  const boundBefore = boundNames(before);
  const unboundBefore = new Set([...usedNames(before).keys()].filter((name) => !boundBefore.has(name)));
  const after = applyEdits(before, edits);
  const bound = boundNames(after);
  const ranges = writtenRanges(edits);
  return [...usedNames(after)]
    .filter(([name, offsets]) => !bound.has(name) && !unboundBefore.has(name) && offsets.some((offset) => ranges.some((range) => range.start <= offset && offset < range.end)))
    .map(([name]) => name);
}

test('an edit writing F. into a file that imports the functions by name writes F unbound; the import line binds it', () => {
  const before = 'from pyspark.sql.functions import col\nx = events.where(col("a") > 1)\n';
  const at = before.indexOf('.where');
  assert.deepEqual(unboundWrites(before, [{ span: { start: at, end: at }, newText: '.filter(F.rand() < 0.1)' }]), ['F']);
  assert.deepEqual(unboundWrites(before, [{ span: { start: at, end: at }, newText: '.filter(F.rand() < 0.1)' }, { span: { start: 38, end: 38 }, newText: 'from pyspark.sql import functions as F\n' }]), []);
  assert.deepEqual(unboundWrites(before, [{ span: { start: at, end: at }, newText: '.filter(col("b") > F_unused)' }]), []);
});

test('the binding reader sees imports, aliases, definitions and parameters', () => {
  const bound = boundNames('import pyspark.sql.functions as fn\nfrom pyspark.sql.window import (\n    Window,\n    WindowSpec as Spec,\n)\nimport os, json\ndef handle(batch_df, batch_id: int = 0):\n    pass\ntotal = 1\nfor key, value in x:\n    pass\nf = lambda a, b: a\n# import hidden\ns = "import quoted"\n');
  for (const name of ['fn', 'Window', 'Spec', 'os', 'json', 'handle', 'batch_df', 'batch_id', 'total', 'key', 'value', 'a', 'b', 'len']) assert.ok(bound.has(name), name);
  for (const name of ['F', 'pyspark', 'WindowSpec', 'hidden', 'quoted']) assert.ok(!bound.has(name), name);
  assert.deepEqual([...usedNames('from pyspark.sql import functions as F\nimport os.path\nF.col("a").alias("b"), broadcast(x), "G.y" # H.z').keys()].sort(), ['F', 'broadcast']);
});

test('import variants rewrite the functions module import and its uses', () => {
  const [, alias, byName] = importVariants('from pyspark.sql import SparkSession, functions as F\nx = F.col("a") + F.lit(1)\ny = df.F.z\n');
  assert.equal(alias?.text, 'from pyspark.sql import SparkSession\nimport pyspark.sql.functions as fn\nx = fn.col("a") + fn.lit(1)\ny = df.F.z\n');
  assert.equal(byName?.text, 'from pyspark.sql import SparkSession\nfrom pyspark.sql.functions import col, lit\nx = col("a") + lit(1)\ny = df.F.z\n');
});

// The F. templates (WP102 pivot, WP204 window key) under each way a file can name the functions module.
const templateCases = [
  {
    code: 'WP102',
    query: 'counts = events.withWatermark("timestamp", "1 minute").groupBy(window("timestamp", "1 minute")).pivot("value").sum("amount")\n',
    shows: (module: string) => `.agg(*[${module}.sum(${module}.when(${module}.col("value") == v, ${module}.col("amount"))).alias(str(v)) for v in ["<value>", ...]])`,
  },
  {
    code: 'WP204',
    query: 'counts = events.withWatermark("timestamp", "1 minute").groupBy("value").count()\ncounts.writeStream.format("delta").option("checkpointLocation", "/chk/values").start("/out/values")\n',
    shows: (module: string) => `.groupBy("value", ${module}.window("timestamp", "<window duration>"))`,
  },
] as const;

const importings = [
  { name: 'functions as fn', imports: 'import pyspark.sql.functions as fn\nfrom pyspark.sql.functions import window\n', module: 'fn', added: false },
  { name: 'functions by name', imports: 'from pyspark.sql.functions import window\n', module: 'F', added: true },
  { name: 'functions imported with *', imports: 'from pyspark.sql.functions import *\n', module: 'F', added: true },
  { name: 'F bound to another module', imports: 'from pyspark.sql.functions import window\nimport features as F\n', module: null, added: false },
] as const;

for (const { code, query, shows } of templateCases) {
  for (const { name, imports, module, added } of importings) {
    test(`${code} template, ${name}: ${module === null ? 'not offered' : `writes ${module}.${added ? ' and adds the import' : ''}`}`, async () => {
      const before = `from pyspark.sql import SparkSession\n${imports}\nspark = SparkSession.builder.getOrCreate()\nevents = spark.readStream.format("rate").load()\n${query}`;
      const findings = (await findingsOf(before, fixtureSettings)).filter((finding) => finding.code === code);
      assert.equal(findings.length, 1);
      const fixes = findings[0]?.fixes ?? [];
      if (module === null) {
        assert.deepEqual(fixes, []);
        return;
      }
      assert.equal(fixes.length, 1);
      const edits = fixes[0]?.edits() ?? [];
      const after = applyEdits(before, edits);
      assert.ok(after.includes(shows(module)), after);
      assert.equal(after.includes('from pyspark.sql import functions as F\n'), added, after);
      if (added) assert.ok(after.indexOf('from pyspark.sql import functions as F') < after.indexOf('spark = '), 'the import comes before the code');
      assert.deepEqual(unboundWrites(before, edits), []);
    });
  }
}

for (const { meta } of rules.filter((rule) => rule.meta.fixSafety !== null)) {
  test(`${meta.id} (${meta.code}) PySpark fixes bind every name they write`, async () => {
    const problems: string[] = [];
    for (const file of invalidFixtures(meta.id)) {
      let offeredAsWritten: number | null = null;
      for (const variant of importVariants(readFileSync(file, 'utf8'))) {
        const before = variant.text;
        const findings = (await findingsOf(before, fixtureSettingsFor(file))).filter((candidate) => candidate.rule === meta.id);
        // However the file imports the functions, it gets the fixes it gets as written (adding the import when needed).
        const offered = findings.flatMap((finding) => finding.fixes).length;
        offeredAsWritten ??= offered;
        if (offered !== offeredAsWritten) problems.push(`${path.relative(ruleFixtures, file)} (${variant.name}) offers ${offered} fixes, ${offeredAsWritten} as written`);
        for (const finding of findings) {
          for (const fix of finding.fixes) {
            for (const name of unboundWrites(before, fix.edits())) problems.push(`${path.relative(ruleFixtures, file)} (${variant.name}) "${fix.title}" writes ${name} unbound`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
  });
}
