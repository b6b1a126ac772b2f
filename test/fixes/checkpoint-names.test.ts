// The missing-checkpoint fix keeps queries that derive one name apart: over
// the colliding-names fixtures (a sink path, a query name and a table all
// naming "events", one query already on events_2), fix-all and every order
// of one-by-one quick fixes give the same distinct checkpoints and never
// make the shared-checkpoint rule fire.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits } from '../../server/src/fixes/apply-edits';
import { fixToFixpoint } from '../../server/src/fixes/fix-loop';
import { LineIndex } from '../../server/src/model/span';
import type { Language } from '../../server/src/rules/spelling';
import { findingsOf, fixtureLanguages, fixtureSettings } from './fix-harness';

const expected = ['hdfs:///checkpoints/events', 'hdfs:///checkpoints/events_3', 'hdfs:///checkpoints/events_4', 'hdfs:///checkpoints/events_2'];

function fixture(language: Language): string {
  const { directory, extension } = fixtureLanguages[language];
  return readFileSync(path.join(directory, 'missing-checkpoint-location', `invalid-colliding-names${extension}`), 'utf8');
}

/** The literal checkpoint locations of the file, in source order. */
function checkpointLocations(text: string): string[] {
  return [...text.matchAll(/option\("checkpointLocation", "([^"]*)"\)/g)].map((match) => match[1] ?? '');
}

/** All permutations of `items`. */
function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => orders([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

for (const language of ['python', 'scala'] as const) {
  const analysedAs = fixtureLanguages[language].file;
  const analyze = (text: string) => findingsOf(text, fixtureSettings, analysedAs);

  test(`${language}: fix-all gives colliding queries distinct checkpoints and no WP703`, async () => {
    const result = await fixToFixpoint(fixture(language), analyze, { level: 'unsafe' });
    assert.deepEqual(checkpointLocations(result.text), expected);
    assert.deepEqual(result.remaining.filter((finding) => finding.code === 'WP701' || finding.code === 'WP703'), []);
    assert.equal(result.passes, 1, 'one pass fixes every query');
  });

  test(`${language}: quick fixes applied one by one, in every order, give the fix-all checkpoints`, async () => {
    const source = fixture(language);
    const lines = new LineIndex(source);
    const queryLines = (await analyze(source)).filter((finding) => finding.code === 'WP701').map((finding) => lines.position(finding.span.start).line);
    assert.equal(queryLines.length, 3);
    for (const order of orders(queryLines)) {
      let text = source;
      for (const line of order) {
        const current = new LineIndex(text);
        const findings = await analyze(text);
        assert.deepEqual(findings.filter((finding) => finding.code === 'WP703'), [], `order ${order.join(',')}: no shared checkpoint`);
        const finding = findings.find((candidate) => candidate.code === 'WP701' && current.position(candidate.span.start).line === line);
        const fix = finding?.fixes[0];
        assert.ok(fix, `order ${order.join(',')}: the query on line ${line + 1} still has its fix`);
        text = applyEdits(text, fix.edits());
      }
      const after = await analyze(text);
      assert.deepEqual(after.filter((finding) => finding.code === 'WP701' || finding.code === 'WP703'), [], `order ${order.join(',')}`);
      assert.deepEqual(checkpointLocations(text), expected, `order ${order.join(',')}`);
    }
  });
}
