// `whirlpool test SCENARIO...`: runs conformance scenarios (JSON files, or
// folders of them) through the simulator and reports every check. Exit codes:
// 0 every check passed, 1 a check failed or a scenario could not run, 2 bad
// arguments or a file that is not a valid scenario.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runScenario, type ScenarioResult } from '../../../simulator/src/scenario/run-scenario';
import type { CheckpointStore } from '../../../simulator/src/engine/checkpoint';
import type { SinkSemantics } from '../../../simulator/src/engine/simulation';
import { parseSparkVersion } from '../analysis/spark-version';
import type { SparkVersion } from '../analysis/types';
import { exitCode, type CliIo } from './cli-io';
import type { Subcommand } from './run';

export const testCommand: Subcommand = {
  name: 'test',
  summary: 'Run simulator conformance scenarios (JSON) and report each check',
  run: runTestScenarios,
};

const help = `Usage: whirlpool test [options] SCENARIO...

Runs each scenario (a .json file, or every .json file in a folder) through the
micro-batch simulator and reports each check with a diff when it fails.

Options:
  --spark-version X.Y[.Z]   target Spark version (default 3.5.0)
  --sink-semantics MODE     atomic (default) or spark-faithful
  --checkpoint-store STORE  local (default), hdfs or s3
  --json                    print the results as JSON
  --verbose                 list passing checks too
  -h, --help                show this help

Exit codes: 0 all checks pass, 1 a check failed or a scenario could not run,
2 bad arguments or a file that is not a valid scenario.
`;

function scenarioPaths(target: string): string[] {
  const stat = statSync(target);
  if (!stat.isDirectory()) return [target];
  return readdirSync(target)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(target, name));
}

export async function runTestScenarios(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        'spark-version': { type: 'string' },
        'sink-semantics': { type: 'string' },
        'checkpoint-store': { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr(`whirlpool test: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCode.failure;
  }
  if (parsed.values.help === true) {
    io.stdout(help);
    return exitCode.clean;
  }
  if (parsed.positionals.length === 0) {
    io.stderr('whirlpool test: give at least one scenario file or folder\n');
    return exitCode.failure;
  }
  let sparkVersion: SparkVersion = [3, 5, 0];
  if (parsed.values['spark-version'] !== undefined) {
    const version = parseSparkVersion(parsed.values['spark-version']);
    if (version.value === null) {
      io.stderr(`whirlpool test: ${version.problems.join('; ')}\n`);
      return exitCode.failure;
    }
    sparkVersion = version.value;
  }
  const semantics = parsed.values['sink-semantics'] ?? 'atomic';
  if (semantics !== 'atomic' && semantics !== 'spark-faithful') {
    io.stderr(`whirlpool test: --sink-semantics must be atomic or spark-faithful, got "${semantics}"\n`);
    return exitCode.failure;
  }
  const store = parsed.values['checkpoint-store'] ?? 'local';
  if (store !== 'local' && store !== 'hdfs' && store !== 's3') {
    io.stderr(`whirlpool test: --checkpoint-store must be local, hdfs or s3, got "${store}"\n`);
    return exitCode.failure;
  }
  let badInput = false;
  let failed = false;
  const results: { file: string; result: ScenarioResult | null; problem: string | null }[] = [];
  for (const target of parsed.positionals) {
    let files: string[];
    try {
      files = scenarioPaths(path.resolve(io.cwd, target));
    } catch (error) {
      io.stderr(`whirlpool test: cannot read ${target}: ${error instanceof Error ? error.message : String(error)}\n`);
      badInput = true;
      continue;
    }
    for (const file of files) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        const problem = `not a valid JSON file: ${error instanceof Error ? error.message : String(error)}`;
        results.push({ file, result: null, problem });
        badInput = true;
        continue;
      }
      const result = await runScenario(json, { sparkVersion, sinkSemantics: semantics as SinkSemantics, checkpointStore: store as CheckpointStore });
      if (result.error?.kind === 'bad-input') badInput = true;
      else if (!result.ok) failed = true;
      results.push({ file, result, problem: null });
    }
  }
  if (parsed.values.json === true) {
    io.stdout(`${JSON.stringify(results.map((r) => ({ file: path.relative(io.cwd, r.file), problem: r.problem, ...r.result })), null, 2)}\n`);
  } else {
    for (const entry of results) io.stdout(formatResult(path.relative(io.cwd, entry.file) || entry.file, entry.result, entry.problem, parsed.values.verbose === true));
    const passed = results.filter((r) => r.result?.ok === true).length;
    io.stdout(`\n${passed} of ${results.length} scenario(s) passed\n`);
  }
  if (badInput) return exitCode.failure;
  return failed ? exitCode.findings : exitCode.clean;
}

function formatResult(file: string, result: ScenarioResult | null, problem: string | null, verbose: boolean): string {
  if (result === null) return `ERROR ${file}: ${problem ?? 'unreadable'}\n`;
  const lines: string[] = [];
  const passedChecks = result.checks.filter((c) => c.ok).length;
  const status = result.error !== null ? 'ERROR' : result.ok ? 'PASS ' : 'FAIL ';
  lines.push(`${status} ${file} (${result.name}): ${passedChecks}/${result.checks.length} checks passed`);
  for (const check of result.checks) {
    if (check.ok && !verbose) continue;
    lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'} step ${check.step} ${check.kind}`);
    if (!check.ok || verbose) for (const line of check.message.split('\n')) lines.push(`       ${line}`);
    if (!check.ok && check.note !== null) lines.push(`       note: ${check.note}`);
  }
  if (result.error !== null) lines.push(`  ${result.error.kind}: ${result.error.message}`);
  return `${lines.join('\n')}\n`;
}
