// `whirlpool lint PATHS...`: lints Python jobs and build files for CI.
// Exit codes: 0 nothing found, 1 findings, 2 bad arguments or a file that
// could not be read (the other files are still linted and reported).

import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import type { AnalysisSettings } from '../analysis/types';
import { LineIndex } from '../model/span';
import { exitCode, type CliIo } from './cli-io';
import { collectFiles } from './collect-files';
import { formatGithub } from './format-github';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { countFindings, type FileReport, type LintReport } from './lint-report';
import { isJupyter, isLintable, lintSource, ruleDescriptions, selectsSomeRule, settingsWith } from './lint-source';
import { lintJupyter } from './lint-jupyter';
import { sparkVersionResolver, withVersionSource } from './nearest-build-files';
import { describeSparkVersionChoice } from '../analysis/detect-spark-version';
import { fixFile, fixSummary, maxFixPasses, type FixMode } from './fix-files';
import { readSource } from './read-source';
import type { Subcommand } from './run';

export const lintCommand: Subcommand = {
  name: 'lint',
  summary: 'Report Structured Streaming pitfalls in Python jobs and build files',
  run: runLint,
};

const formats = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
} as const;

type FormatName = keyof typeof formats;

const help = `Usage: whirlpool lint [options] PATHS...

Lints PySpark jobs (.py), Scala Spark jobs (.scala), notebooks (Databricks
source notebooks and Jupyter .ipynb) and build files (requirements*.txt,
pyproject.toml, pom.xml, build.sbt, ...). Folders are searched recursively,
skipping node_modules, out, __pycache__ and hidden folders. A notebook's
%run ./other cell reads other.py, other.scala, other or other.ipynb beside
it, so what it defines is known; one that cannot be read is a note.

Options:
  --format FORMAT          text (default), json, sarif or github
  --select RULES           only these rules: comma-separated ids, codes or code
                           prefixes (WP3)
  --ignore RULES           never these rules: same forms as --select
  --spark-version X.Y[.Z]  the Spark version the jobs run on (default: the one
                           the nearest build file names, e.g. pyspark==3.3.2 in
                           requirements.txt, else the latest)
  --exit-zero              exit 0 even when findings are reported
  --fix                    apply safe fixes (repeatedly, until nothing changes)
                           and report what remains
  --unsafe-fixes           with --fix or --diff: apply unsafe fixes too (they
                           change what the job does; review the result)
  --diff                   print the fixes as a unified diff instead of
                           writing them; exit 1 when there would be changes
  --checkpoint-root PATH   where fixes put new checkpoint directories
                           (default /checkpoints)
  --watermark-delay DELAY  the delay of a watermark a fix inserts
                           (default "10 minutes")
  -h, --help               show this help

Exit codes: 0 no findings, 1 findings, 2 bad arguments or unreadable files.
`;

export async function runLint(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        select: { type: 'string', multiple: true },
        ignore: { type: 'string', multiple: true },
        'spark-version': { type: 'string' },
        'exit-zero': { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        'unsafe-fixes': { type: 'boolean', default: false },
        diff: { type: 'boolean', default: false },
        'checkpoint-root': { type: 'string' },
        'watermark-delay': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(help);
    return exitCode.clean;
  }
  const format = values.format;
  if (!isFormat(format)) return usageError(io, `unknown --format ${JSON.stringify(format)} (use text, json, sarif or github)`);
  if (positionals.length === 0) return usageError(io, 'give at least one file or folder to lint');

  const select = ruleList(values.select ?? []);
  const ignore = ruleList(values.ignore ?? []);
  for (const [option, rules] of [['--select', select], ['--ignore', ignore]] as const) {
    const unknown = rules.filter((rule) => !selectsSomeRule(rule));
    if (unknown.length > 0) return usageError(io, `${option}: no rule is called ${unknown.map((rule) => JSON.stringify(rule)).join(', ')}`);
  }
  const settings = settingsWith({ select, ignore, sparkVersion: values['spark-version'] ?? null });
  if (settings.kind === 'problem') return usageError(io, settings.message);
  if (values['unsafe-fixes'] && !values.fix && !values.diff) return usageError(io, '--unsafe-fixes needs --fix or --diff');
  const checkpointRoot = values['checkpoint-root'] ?? settings.value.fix.checkpointRoot;
  const watermarkDelay = values['watermark-delay'] ?? settings.value.fix.watermarkDelay;
  if (checkpointRoot.trim() === '') return usageError(io, '--checkpoint-root must not be empty');
  if (!/^\d+(\.\d+)?\s+[a-z]+$/i.test(watermarkDelay.trim())) return usageError(io, `--watermark-delay ${JSON.stringify(watermarkDelay)} is not an interval like "10 minutes"`);
  const fixSettings = { ...settings.value, fix: { checkpointRoot, watermarkDelay: watermarkDelay.trim() } };
  const fixMode: FixMode | null = values.fix || values.diff ? { level: values['unsafe-fixes'] ? 'unsafe' : 'safe', diff: values.diff } : null;

  const collected = collectFiles(positionals, io.cwd, isLintable);
  let failed = collected.problems.length > 0;
  for (const problem of collected.problems) io.stderr(`whirlpool: ${problem}\n`);
  if (collected.files.length === 0 && !failed) {
    // Not an error (a repository may have no jobs yet), but a CI step that checks nothing should say so.
    io.stderr(`whirlpool: no Python or build files found in ${positionals.join(', ')}\n`);
  }

  const explicit = values['spark-version'] === undefined ? null : { version: settings.value.sparkVersion, from: '--spark-version' };
  const versionFor = sparkVersionResolver(explicit, settings.value.sparkVersion, io.cwd);
  const fixed = { findings: 0, changedFiles: 0 };
  const report = await lintFiles(collected.files, fixSettings, versionFor, io, () => (failed = true), fixMode, fixed);
  if (fixMode?.diff) {
    io.stderr(`${fixSummary(fixed.findings, countFindings(report), true)}\n`);
    if (failed) return exitCode.failure;
    return fixed.changedFiles > 0 ? exitCode.findings : exitCode.clean;
  }
  io.stdout(formats[format](report));
  if (fixMode) (format === 'text' ? io.stdout : io.stderr)(`${fixSummary(fixed.findings, countFindings(report), false)}\n`);
  if (failed) return exitCode.failure;
  return countFindings(report) > 0 && !values['exit-zero'] ? exitCode.findings : exitCode.clean;
}

async function lintFiles(
  files: readonly string[],
  settings: AnalysisSettings,
  versionFor: ReturnType<typeof sparkVersionResolver>,
  io: CliIo,
  onUnreadable: () => void,
  fixMode: FixMode | null = null,
  fixed: { findings: number; changedFiles: number } = { findings: 0, changedFiles: 0 },
): Promise<LintReport> {
  const reports: FileReport[] = [];
  const reportedRuleErrors = new Set<string>();
  const reportedVersionProblems = new Set<string>();
  for (const file of files) {
    const shown = displayPath(file, io.cwd);
    const source = readSource(file);
    if (source.kind === 'unreadable') {
      io.stderr(`whirlpool: ${shown}: ${source.reason}\n`);
      onUnreadable();
      continue;
    }
    // The target version: --spark-version, else the nearest build file's, else the latest.
    const target = versionFor(file);
    for (const problem of target.problems) {
      if (!reportedVersionProblems.has(problem)) io.stderr(`whirlpool: ${problem}\n`);
      reportedVersionProblems.add(problem);
    }
    const note = describeSparkVersionChoice(target.choice);
    const fileSettings = { ...settings, sparkVersion: target.choice.version };
    if (isJupyter(file)) {
      const notebook = await lintJupyter(file, source.text, fileSettings);
      if (notebook.kind === 'problem') {
        io.stderr(`whirlpool: ${shown}: ${notebook.message}\n`);
        onUnreadable();
        continue;
      }
      if (notebook.note !== null) io.stderr(`whirlpool: ${shown}: ${notebook.note}\n`);
      for (const problem of notebook.runProblems) {
        const start = notebook.cells[problem.part]?.index.position(problem.span.start);
        io.stderr(`whirlpool: ${shown}:cell ${problem.part + 1}:${(start?.line ?? 0) + 1}:${(start?.character ?? 0) + 1}: ${problem.message}\n`);
      }
      // Writing the JSON back would have to keep the notebook's own formatting and outputs: refused rather than risked.
      if (fixMode) io.stderr(`whirlpool: ${shown}: fixes are not applied to Jupyter notebooks; apply them in the editor (Fix All in the notebook)\n`);
      for (const { rule, error } of notebook.ruleErrors) {
        if (reportedRuleErrors.has(rule)) continue;
        reportedRuleErrors.add(rule);
        io.stderr(`whirlpool: rule ${rule} failed and was skipped (other rules still ran): ${firstLine(error)}\n`);
      }
      const findings = notebook.findings.map((finding) => withVersionSource(finding, note)).sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
      reports.push({ path: shown, index: new LineIndex(source.text), cells: notebook.cells, findings });
      continue;
    }
    let result = await lintSource(file, source.text, fileSettings);
    // Notes, not findings: the notebook is linted without that target's names, as Databricks would fail to run it.
    const sourceIndex = new LineIndex(source.text);
    for (const problem of result.runProblems) {
      const start = sourceIndex.position(problem.span.start);
      io.stderr(`whirlpool: ${shown}:${start.line + 1}:${start.character + 1}: ${problem.message}\n`);
    }
    let finalText = source.text;
    if (fixMode && result.ruleErrors.length === 0) {
      const outcome = await fixFile(file, shown, source.text, fileSettings, fixMode);
      if (outcome.writeError !== null) {
        io.stderr(`whirlpool: ${shown}: ${outcome.writeError}\n`);
        onUnreadable();
      }
      for (const { rule, error } of outcome.fixErrors) io.stderr(`whirlpool: ${shown}: a fix of ${rule} failed and was skipped: ${firstLine(String(error))}\n`);
      if (outcome.exhausted) io.stderr(`whirlpool: ${shown}: fixes still apply after ${maxFixPasses} passes; stopped\n`);
      if (fixMode.diff) io.stdout(outcome.diff);
      fixed.findings += outcome.fixed;
      if (outcome.diff !== '') fixed.changedFiles++;
      result = { ...result, findings: outcome.remaining };
      // With --diff nothing is written: positions stay those of the file on disk.
      if (!fixMode.diff) finalText = outcome.text;
    }
    for (const { rule, error } of result.ruleErrors) {
      if (reportedRuleErrors.has(rule)) continue;
      reportedRuleErrors.add(rule);
      io.stderr(`whirlpool: rule ${rule} failed and was skipped (other rules still ran): ${firstLine(error)}\n`);
    }
    const findings = result.findings.map((finding) => withVersionSource(finding, note)).sort((a, b) => a.span.start - b.span.start || a.code.localeCompare(b.code));
    reports.push({ path: shown, index: new LineIndex(finalText), cells: null, findings });
  }
  return { files: reports, rules: ruleDescriptions(), toolVersion: version };
}

function ruleList(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((rule) => rule.trim()).filter((rule) => rule !== '');
}

function isFormat(value: string): value is FormatName {
  return Object.hasOwn(formats, value);
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`whirlpool lint: ${message}\nRun \`whirlpool lint --help\` for usage.\n`);
  return exitCode.failure;
}

/** Relative to the working directory when inside it, with `/` on every platform. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  return shown.split(path.sep).join('/');
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
