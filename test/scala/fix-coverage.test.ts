// The same fixes on Scala as on PySpark. For every rule with a fix safety:
// - coverage: when the rule offers a fix on its PySpark invalid fixtures, it
//   offers one on its Scala invalid fixtures too, unless it is listed below
//   as an exception (with the reason) or as pending;
// - spelling: no fix on a Scala fixture has a title, or writes text, that
//   spells PySpark (`F.` calls, keyword arguments, f-strings, `batch_df`);
// - convergence, through the fix harness: each fix leaves a file
//   tree-sitter-scala parses with no more errors, removes its finding and
//   makes no other rule fire, and fix-all reaches a fixpoint;
// - snapshot: the text each fix produces, as a unified diff, in
//   fixtures/rule-fixes/<rule>.snap (UPDATE_SNAPSHOTS=1 rewrites).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Fix } from '../../server/src/analysis/types';
import { rules } from '../../server/src/rules/registry';
import { checkRuleFixes, compareSnapshot, findingsOf, fixtureLanguages, fixtureSettingsFor, followUps, invalidFixtures } from '../fixes/fix-harness';

/** Rules whose PySpark fix has no Scala form, with the reason. Only true exceptions: each must offer no Scala fix. */
const exceptions: Readonly<Record<string, string>> = {};

/**
 * Rules whose Scala fixes are being written now: only the spelling check
 * runs on what they offer until they land; remove the rule from this list
 * then, and the coverage, convergence and snapshot checks apply.
 */
const pending: Readonly<Record<string, string>> = {
};

/** PySpark spellings: the functions module as `F`, keyword arguments with Python constants, trigger keywords, f-strings with holes, the Python fixes' batch parameter. */
const pythonSpelling = /\bF\.\w+|\w=(?:True|False|None)\b|\b(?:processingTime|availableNow|continuous|once)=|\bprocessingTime\b|\bavailableNow\b|\bbatch_df\b|\bf"[^"\n]*\{\w+\}/;

const snapshots = path.join(__dirname, 'fixtures', 'rule-fixes');
const withFixes = rules.filter((rule) => rule.meta.fixSafety !== null);

async function fixesOn(files: readonly string[], rule: string, analysedAs: string): Promise<Fix[]> {
  const fixes: Fix[] = [];
  for (const file of files) {
    const findings = await findingsOf(readFileSync(file, 'utf8'), fixtureSettingsFor(file), analysedAs);
    for (const finding of findings) if (finding.rule === rule) fixes.push(...finding.fixes);
  }
  return fixes;
}

test('the exception and pending lists name rules with fixes, each once', () => {
  const ids = new Set(withFixes.map((rule) => rule.meta.id));
  for (const id of [...Object.keys(exceptions), ...Object.keys(pending)]) assert.ok(ids.has(id), `${id} is no rule with fixes`);
  assert.deepEqual(Object.keys(exceptions).filter((id) => id in pending), []);
});

for (const { meta } of withFixes) {
  test(`${meta.id} (${meta.code}) fixes on Scala`, async (context) => {
    const scalaFiles = invalidFixtures(meta.id, 'scala');
    const pythonFixes = await fixesOn(invalidFixtures(meta.id, 'python'), meta.id, fixtureLanguages.python.file);
    const scalaFixes = await fixesOn(scalaFiles, meta.id, fixtureLanguages.scala.file);
    context.diagnostic(`fixes: python ${pythonFixes.length} / scala ${scalaFixes.length}`);

    const spelled = scalaFixes.flatMap((fix) => [fix.title, ...fix.edits().map((edit) => edit.newText)].filter((text) => pythonSpelling.test(text)).map((text) => `${fix.title}: ${text}`));
    assert.deepEqual(spelled, [], 'a Scala fix spells PySpark');

    const exception = exceptions[meta.id];
    if (exception !== undefined) {
      assert.equal(scalaFixes.length, 0, `${meta.id} is listed as an exception (${exception}) but offers a Scala fix: remove it from the list`);
    } else if (pending[meta.id] !== undefined) {
      if (scalaFixes.length > 0) context.diagnostic(`${meta.id} is pending but offers ${scalaFixes.length} Scala fixes: remove it from the pending list`);
      return;
    } else if (pythonFixes.length > 0) {
      assert.ok(scalaFiles.length > 0, `${meta.id} fixes PySpark but has no Scala invalid fixture`);
      assert.ok(scalaFixes.length > 0, `${meta.id} offers ${pythonFixes.length} fixes on its PySpark fixtures and none on its Scala fixtures`);
    }

    const { rendered, offered } = await checkRuleFixes(meta, scalaFiles, 'scala', followUps);
    assert.equal(offered, scalaFixes.length);
    const snapshot = path.join(snapshots, `${meta.id}.snap`);
    if (offered === 0) {
      assert.ok(!existsSync(snapshot), `${meta.id} offers no Scala fix: delete ${path.basename(snapshot)}`);
      return;
    }
    const difference = compareSnapshot(snapshot, `${rendered.join('\n')}\n`);
    assert.equal(difference, null, difference ?? '');
  });
}
