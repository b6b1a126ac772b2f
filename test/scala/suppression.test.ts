// Scala suppression comments: `// whirlpool: ignore[...]` on the finding's
// line or alone above its statement (a multi-line chain included),
// `// whirlpool: ignore-file[...]` at top level, and never from inside a
// string literal or from above a definition whose body holds the finding.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';

const job = (body: string): string => `import org.apache.spark.sql.streaming.Trigger

object Job {
  def main(args: Array[String]): Unit = {
    val events = spark.readStream.format("rate").load()
${body}
  }
}
`;

const once = `    events.writeStream
      .format("console")
      .trigger(Trigger.Once())
      .start()`;

async function codes(text: string): Promise<string[]> {
  const result = await analyzeFile('Job.scala', text, { ...defaultSettings, select: ['WP807'] });
  return result.findings.map((finding) => finding.code);
}

test('the finding is there without a comment', async () => {
  assert.deepEqual(await codes(job(once)), ['WP807']);
});

test('a comment alone above the statement covers the whole chain', async () => {
  assert.deepEqual(await codes(job(`    // whirlpool: ignore[deprecated-trigger-once]\n${once}`)), []);
  assert.deepEqual(await codes(job(`    // whirlpool: ignore[WP807]\n${once}`)), []);
  assert.deepEqual(await codes(job(`    /* whirlpool: ignore */\n${once}`)), []);
});

test('a comment naming another rule, or inside a string, suppresses nothing', async () => {
  assert.deepEqual(await codes(job(`    // whirlpool: ignore[WP701]\n${once}`)), ['WP807']);
  assert.deepEqual(await codes(job(`    val note = "// whirlpool: ignore"\n${once}`)), ['WP807']);
});

test('a comment at the end of the finding\'s line suppresses it', async () => {
  assert.deepEqual(await codes(job(once.replace('.trigger(Trigger.Once())', '.trigger(Trigger.Once()) // whirlpool: ignore[WP807]'))), []);
});

test('ignore-file works at top level only', async () => {
  assert.deepEqual(await codes(`// whirlpool: ignore-file[WP807]\n${job(once)}`), []);
  assert.deepEqual(await codes(job(`    // whirlpool: ignore-file[WP807]\n    val x = 1\n${once}`)), ['WP807']);
});

test('a comment above a definition does not silence its body', async () => {
  const text = job(once).replace('  def main', '  // whirlpool: ignore\n  def main');
  assert.deepEqual(await codes(text), ['WP807']);
});
