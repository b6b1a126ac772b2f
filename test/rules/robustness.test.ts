// Rules never throw on user code: every fixture, cut and mangled at seeded
// random places (half-typed code, as the editor sends it), analyses with no
// rule errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile, defaultSettings } from '../../server/src/analysis/analyze';
import type { SparkVersion } from '../../server/src/analysis/types';

const fixtures = path.join(__dirname, 'fixtures');

function filesUnder(target: string): string[] {
  if (!statSync(target).isDirectory()) return target.endsWith('.snap') ? [] : [target];
  return readdirSync(target).sort().flatMap((name) => filesUnder(path.join(target, name)));
}

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const versions: readonly SparkVersion[] = [[3, 3, 0], [3, 5, 0], [4, 0, 0]];

test('cut and mangled fixtures analyse without rule errors', async () => {
  const next = random(20261124);
  let analysed = 0;
  for (const file of filesUnder(fixtures)) {
    const text = readFileSync(file, 'utf8');
    for (let round = 0; round < 6; round++) {
      const at = Math.floor(next() * text.length);
      const length = Math.floor(next() * 40);
      const variants = [text.slice(0, at), text.slice(0, at) + text.slice(at + length), text.slice(0, at) + ')(."[' + text.slice(at)];
      for (const variant of variants) {
        const sparkVersion = versions[round % versions.length] ?? defaultSettings.sparkVersion;
        const result = await analyzeFile(path.basename(file), variant, { ...defaultSettings, sparkVersion });
        assert.deepEqual(result.ruleErrors, [], `${path.relative(fixtures, file)} cut at ${at} (+${length})`);
        analysed++;
      }
    }
  }
  assert.ok(analysed > 250);
});
