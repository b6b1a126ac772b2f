// The real-time mode broadcast fix on Scala reaches `broadcast` the way the
// file reaches the functions: bare after a wildcard import, qualified after
// an import of the `functions` object, and not at all when the file imports
// only other functions by name (the call would not compile without a new
// import).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFile } from '../../server/src/analysis/analyze';
import { applyFix, fixtureSettings, syntaxErrors } from '../fixes/fix-harness';

function program(functionsImport: string): string {
  return [
    'import org.apache.spark.sql.SparkSession',
    functionsImport,
    'import org.apache.spark.sql.streaming.Trigger',
    '',
    'object Job {',
    '  def main(args: Array[String]): Unit = {',
    '    val spark = SparkSession.builder().getOrCreate()',
    '    val events = spark.readStream.format("kafka").option("subscribe", "events").load()',
    '    val devices = spark.read.format("delta").load("/devices")',
    '    events.join(devices, "device").writeStream.outputMode("update").trigger(Trigger.RealTime("5 minutes")).format("kafka").option("checkpointLocation", "/chk/a").start()',
    '  }',
    '}',
    '',
  ].join('\n');
}

async function realTimeFindings(text: string) {
  return (await analyzeFile('Job.scala', text, { ...fixtureSettings, sparkVersion: [4, 1, 0], select: ['real-time-mode-constraints'] })).findings;
}

/** The text after each broadcast fix, checked to parse as well as before and to leave the query with no real-time finding. */
async function broadcastFixes(text: string): Promise<string[]> {
  const findings = await realTimeFindings(text);
  assert.equal(findings.length, 1);
  const texts: string[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes.filter((candidate) => candidate.title.startsWith('Broadcast'))) {
      const after = applyFix(text, fix);
      assert.ok((await syntaxErrors(after, 'scala')) <= (await syntaxErrors(text, 'scala')), `the fix breaks the parse:\n${after}`);
      assert.deepEqual(await realTimeFindings(after), [], `the broadcast side is not seen:\n${after}`);
      texts.push(after);
    }
  }
  return texts;
}

test('a wildcard functions import gets a bare broadcast call', async () => {
  const [after, ...others] = await broadcastFixes(program('import org.apache.spark.sql.functions._'));
  assert.equal(others.length, 0);
  assert.ok(after?.includes('events.join(broadcast(devices), "device")'), after ?? 'no fix');
});

test('an import of the functions object gets a qualified broadcast call', async () => {
  const [after, ...others] = await broadcastFixes(program('import org.apache.spark.sql.functions'));
  assert.equal(others.length, 0);
  assert.ok(after?.includes('events.join(functions.broadcast(devices), "device")'), after ?? 'no fix');
});

test('a file that imports only other functions by name gets no broadcast fix', async () => {
  assert.deepEqual(await broadcastFixes(program('import org.apache.spark.sql.functions.{col, window}')), []);
});
