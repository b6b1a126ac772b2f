// Fixes keep a CRLF file CRLF: every rule's invalid fixtures, PySpark and
// Scala, rewritten with CRLF line breaks, get the same findings and fixes,
// and every line a fix writes ends in CRLF. A fix that changes the meaning
// still removes its finding there.

import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { rules } from '../../server/src/rules/registry';
import { applyFix, findingsOf, fixtureSettingsFor, invalidFixtures } from './fix-harness';

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

test('on CRLF files every fix writes CRLF line breaks and still removes its finding', async () => {
  let checked = 0;
  for (const { meta } of rules) {
    for (const language of ['python', 'scala'] as const) {
      for (const file of invalidFixtures(meta.id, language)) {
        const text = crlf(readFileSync(file, 'utf8'));
        const name = `job.${language === 'python' ? 'py' : 'scala'}`;
        const settings = { ...fixtureSettingsFor(file), select: [meta.id] };
        const findings = (await findingsOf(text, settings, name)).filter((finding) => finding.rule === meta.id);
        for (const finding of findings) {
          for (const fix of finding.fixes) {
            const where = `${path.basename(path.dirname(file))}/${path.basename(file)} "${fix.title}"`;
            const after = applyFix(text, fix);
            assert.doesNotMatch(after, /(?<!\r)\n/, `${where} wrote a bare LF`);
            checked++;
            if (fix.safety === 'display-only') continue;
            const left = (await findingsOf(after, settings, name)).filter((candidate) => candidate.rule === meta.id);
            assert.ok(left.length < findings.length, `${where} did not remove its finding on a CRLF file`);
          }
        }
      }
    }
  }
  assert.ok(checked > 200, `only ${checked} fixes checked`);
});
