// The conformance scenarios the simulator must pass: the copies under
// fixtures/scenarios, plus every file of the upstream folder when it exists
// beside the repository (new upstream cases are picked up without a copy).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ScenarioFile {
  readonly name: string;
  readonly path: string;
  readonly json: unknown;
}

const repository = path.resolve(__dirname, '..', '..');
const local = path.join(__dirname, 'fixtures', 'scenarios');
const upstream = path.resolve(repository, '..', 'shared', 'scenarios');

function filesIn(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(directory, name));
}

/** Each scenario once: an upstream file replaces the local copy of the same name. */
export function scenarioFiles(): ScenarioFile[] {
  const byName = new Map<string, string>();
  for (const file of filesIn(local)) byName.set(path.basename(file), file);
  for (const file of filesIn(upstream)) byName.set(path.basename(file), file);
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, file]) => ({ name, path: file, json: JSON.parse(readFileSync(file, 'utf8')) as unknown }));
}

export function ownFixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as unknown;
}
