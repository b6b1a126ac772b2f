// `whirlpool lint --fix / --unsafe-fixes / --diff`: fixes a file's findings
// until nothing changes, then writes it back (or prints the diff instead).
// The findings reported afterwards are those of the fixed text.

import { readFileSync, writeFileSync } from 'node:fs';
import type { AnalysisSettings, Finding } from '../analysis/types';
import { fixToFixpoint } from '../fixes/fix-loop';
import { unifiedDiff } from '../fixes/unified-diff';
import { lintSource } from './lint-source';

export interface FixMode {
  readonly level: 'safe' | 'unsafe';
  /** Print the diff instead of writing the file. */
  readonly diff: boolean;
}

export interface FileFix {
  readonly text: string;
  readonly fixed: number;
  readonly remaining: readonly Finding[];
  /** The unified diff, empty when nothing changed. */
  readonly diff: string;
  /** Set when the file could not be written; the findings are those of the unfixed text then. */
  readonly writeError: string | null;
  /** The pass bound was reached with fixes still to apply (two fixes undoing each other). */
  readonly exhausted: boolean;
  readonly fixErrors: readonly { readonly rule: string; readonly error: unknown }[];
}

/** How many passes a file gets: a fix may enable another, but not forever. */
export const maxFixPasses = 10;

export async function fixFile(file: string, shown: string, text: string, settings: AnalysisSettings, mode: FixMode): Promise<FileFix> {
  const analyze = async (current: string): Promise<readonly Finding[]> => (await lintSource(file, current, settings)).findings;
  const result = await fixToFixpoint(text, analyze, { level: mode.level, maxPasses: maxFixPasses });
  const diff = unifiedDiff(shown, text, result.text);
  let writeError: string | null = null;
  if (!mode.diff && result.text !== text) {
    try {
      writeFileSync(file, hasByteOrderMark(file) ? `\uFEFF${result.text}` : result.text);
    } catch (error) {
      writeError = `cannot write the fixed file (${errorCode(error)})`;
    }
  }
  if (writeError !== null) {
    return { text, fixed: 0, remaining: await analyze(text), diff: '', writeError, exhausted: result.exhausted, fixErrors: result.errors };
  }
  return { text: result.text, fixed: result.fixed, remaining: result.remaining, diff, writeError, exhausted: result.exhausted, fixErrors: result.errors };
}

/** The summary line: `Fixed 3 findings (1 remaining)`, or `Would fix ...` for --diff. */
export function fixSummary(fixed: number, remaining: number, diff: boolean): string {
  const noun = fixed === 1 ? 'finding' : 'findings';
  return `${diff ? 'Would fix' : 'Fixed'} ${fixed} ${noun} (${remaining} remaining)`;
}

/** The text decoder drops a UTF-8 byte order mark; a fixed file keeps the one it had. */
function hasByteOrderMark(file: string): boolean {
  try {
    const bytes = readFileSync(file);
    return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'error';
}
