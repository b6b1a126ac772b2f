// Records the results view's fixtures from the real simulator: the example
// clickstream job, clean and with a crash after the sink write of batch 1.
// Run after `npm run build`:  node --import tsx test/e2e/record-fixtures.ts
// Paths are made relative to the repository so the fixtures do not depend
// on the machine that recorded them.

import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SimulationResult } from '../../client/src/results/result-types';
import { runSimulation } from '../../client/src/simulate/run-simulation';
import type { SimulationRequest } from '../../client/src/simulate/simulation-request';

const root = path.resolve(__dirname, '..', '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'whirlpool-record-'));

async function record(name: string, crash: SimulationRequest['crash']): Promise<void> {
  const request: SimulationRequest = {
    file: path.join(root, 'examples', 'clickstream_windowed_counts.py'),
    line: 27,
    queryNumber: 1,
    queryName: 'page_views',
    batches: 4,
    sinkSemantics: 'spark-faithful',
    crash,
    database: path.join(scratch, `${name}.sqlite`),
    workspaceFolder: path.join(root, 'examples'),
  };
  const outcome = await runSimulation(request, {
    cliPath: path.join(root, 'out', 'cli.js'),
    readerPath: path.join(root, 'out', 'simulation-reader.js'),
    nodePath: null,
    onProgress: () => undefined,
    signal: new AbortController().signal,
  });
  if (outcome.kind !== 'result') throw new Error(`${name}: ${outcome.kind === 'failed' ? outcome.problem.message : 'cancelled'}`);
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const result: SimulationResult = {
    ...outcome.result,
    query: { ...outcome.result.query, file: relative(outcome.result.query.file) },
    database: null,
    corruptRecords: outcome.result.corruptRecords.map((record) => ({ ...record, file: record.file === null ? null : relative(record.file) })),
  };
  writeFileSync(path.join(__dirname, 'fixtures', `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`recorded ${name}: ${result.batches.length} batches, ${result.batches.reduce((sum, batch) => sum + batch.rows.length, 0)} rows`);
}

void (async () => {
  await record('simulation-result', null);
  await record('simulation-result-crashed', { phase: 'after-sink-before-commit', batchId: 1 });
})();
