// A rule's documentation: its sections, its runnable examples, its page and
// the index of all rules. Pure functions; `scripts/gen-rule-docs.ts` writes
// the pages and a test fails when the written pages differ from these.

import { notImplemented } from './not-implemented';
import type { Rule, RuleMeta } from './rule';

/** The headings every rule doc has, in this order (Ruff's layout). */
export const docHeadings = ['What it does', 'Why is this bad?', 'Example', 'Use instead', 'Fix safety', 'References'] as const;

export type DocHeading = (typeof docHeadings)[number];

export interface DocSection {
  readonly heading: string;
  readonly body: string;
}

/** Splits a doc into its `##` sections, in order. */
export function docSections(doc: string): readonly DocSection[] {
  const sections: DocSection[] = [];
  for (const part of doc.split(/^## /m).slice(1)) {
    const newline = part.indexOf('\n');
    const heading = (newline < 0 ? part : part.slice(0, newline)).trim();
    sections.push({ heading, body: newline < 0 ? '' : part.slice(newline + 1).trim() });
  }
  return sections;
}

export interface DocExample {
  readonly section: 'Example' | 'Use instead';
  /** `python`, or the file name given as `file=requirements.txt` in the fence. */
  readonly file: string;
  readonly code: string;
}

/** The fenced code blocks under Example and Use instead; a fence names its file with `file=<name>`, or is Python. */
export function docExamples(doc: string): readonly DocExample[] {
  const examples: DocExample[] = [];
  for (const section of docSections(doc)) {
    if (section.heading !== 'Example' && section.heading !== 'Use instead') continue;
    for (const match of section.body.matchAll(/^```([^\n]*)\n([\s\S]*?)^```\s*$/gm)) {
      const info = match[1] ?? '';
      const file = /\bfile=(\S+)/.exec(info)?.[1] ?? (info.trim().split(/\s+/)[0] === 'python' ? 'example.py' : 'example.txt');
      examples.push({ section: section.heading, file, code: match[2] ?? '' });
    }
  }
  return examples;
}

/** The rule on Scala code: examples from its Scala test fixtures, or why it has none. */
export type ScalaDoc =
  | { readonly kind: 'examples'; readonly flagged: string; readonly notFlagged: string }
  | { readonly kind: 'notApplicable'; readonly reason: string };

/** The rule's page: title, facts table, summary, the doc, then the rule on Scala. */
export function renderRulePage(meta: RuleMeta, scala: ScalaDoc): string {
  const fix = meta.fixSafety === null ? 'none' : meta.fixSafety;
  return [
    `<!-- Generated from server/src/rules/${meta.id}.ts by \`npm run docs:rules\`. Do not edit. -->`,
    '',
    `# ${meta.id} (${meta.code})`,
    '',
    `${meta.summary}.`,
    '',
    '| Code | Default severity | Spark versions | Fix |',
    '|---|---|---|---|',
    `| ${meta.code} | ${meta.severity} | ${meta.sparkVersions} | ${fix} |`,
    '',
    `Suppress with \`# whirlpool: ignore[${meta.id}]\` or \`# noqa: ${meta.code}\` on the line (\`// whirlpool: ignore[${meta.id}]\` in Scala).`,
    '',
    // Fence info strings keep only the language: `file=...` is for the tests.
    meta.doc.trim().replace(/^```(\w+)[^\n]*$/gm, '```$1'),
    '',
    ...renderScalaSection(scala),
  ].join('\n');
}

function renderScalaSection(scala: ScalaDoc): string[] {
  switch (scala.kind) {
    case 'notApplicable':
      return ['## In Scala', '', `No Scala source form: ${scala.reason}`, ''];
    case 'examples':
      return [
        '## In Scala',
        '',
        'The same rule on Scala Spark code, from its Scala test fixtures. Flagged (a `^^^` comment marks each finding):',
        '',
        '```scala',
        scala.flagged.trimEnd(),
        '```',
        '',
        'Not flagged:',
        '',
        '```scala',
        scala.notFlagged.trimEnd(),
        '```',
        '',
      ];
    default: {
      const unknown: never = scala;
      return unknown;
    }
  }
}

/** The index page: one row per rule, in registry order. */
export function renderRuleIndex(rules: readonly Rule[]): string {
  const rows = rules.map(({ meta }) => {
    const fix = meta.fixSafety === null ? '' : meta.fixSafety;
    return `| ${meta.code} | [${meta.id}](${meta.id}.md) | ${meta.severity} | ${meta.sparkVersions} | ${fix} | ${meta.summary} |`;
  });
  return [
    '<!-- Generated from server/src/rules/registry.ts by `npm run docs:rules`. Do not edit. -->',
    '',
    '# Rules',
    '',
    'Every rule Whirlpool runs. Severities are defaults: change them, or turn a rule off, with the `severity`',
    'setting; choose rules with `select` and `ignore` (ids, codes, or code prefixes such as `WP5`).',
    'Rules whose verdict changed across Spark releases follow the `sparkVersion` setting (default 4.0.0).',
    '',
    '| Code | Rule | Severity | Spark versions | Fix | Summary |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Not implemented',
    '',
    'Catalog entries without a rule, and why.',
    '',
    '| Catalog | Pattern | Why not |',
    '|---|---|---|',
    ...notImplemented.map((entry) => `| ${entry.catalog} | ${entry.id} | ${entry.reason} |`),
    '',
  ].join('\n');
}
