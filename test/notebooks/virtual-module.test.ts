// The position map of virtual modules, and the Jupyter module: magics blanked
// in place, cell magics blank whole cells, cells joined in order; findings
// and fixes moved into cell coordinates (a fix that would edit two cells or
// a `# MAGIC` line is dropped).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNotebookCells, findingsByPart, loadModuleParsers } from '../../server/src/analysis/analyze-notebook';
import { defaultSettings } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/types';
import { jupyterModule, parseJupyter, type NotebookCellText } from '../../server/src/notebooks/jupyter';
import { splitDatabricksSource } from '../../server/src/notebooks/databricks-source';
import { toEditablePartSpan, toPart, toPartSpan } from '../../server/src/notebooks/virtual-module';

const code = (text: string, language = 'python'): NotebookCellText => ({ kind: 'code', language, text });

test('jupyter module: code cells of the language in order, magics blanked, markdown and other languages left out', () => {
  const cells = [code('%pip install x\na = 1'), { kind: 'markdown', language: 'markdown', text: 'a = 2' } as const, code('%%sql\nSELECT 1'), code('val b = 3', 'scala'), code('!ls\nc = 3\n')];
  const module = jupyterModule(cells, 'python');
  assert.equal(module.text, '              \na = 1\n     \n        \n   \nc = 3\n');
  assert.deepEqual(toPart(module, module.text.indexOf('a = 1')), { part: 0, offset: 15 });
  assert.deepEqual(toPart(module, module.text.indexOf('c = 3')), { part: 4, offset: 4 });
  assert.deepEqual(toPartSpan(module, { start: module.text.indexOf('c'), end: module.text.indexOf('c') + 5 }), { part: 4, span: { start: 4, end: 9 } });
  // A span over two cells is cut at the end of the first.
  assert.deepEqual(toPartSpan(module, { start: module.text.indexOf('a = 1'), end: module.text.indexOf('c = 3') + 5 }), { part: 0, span: { start: 15, end: 20 } });
  // Edits: inside one cell's code, yes; on a blanked magic or across cells, no.
  assert.deepEqual(toEditablePartSpan(module, { start: module.text.indexOf('1'), end: module.text.indexOf('1') + 1 }), { part: 0, span: { start: 19, end: 20 } });
  assert.equal(toEditablePartSpan(module, { start: 0, end: 4 }), null);
  assert.equal(toEditablePartSpan(module, { start: module.text.indexOf('a = 1'), end: module.text.indexOf('c = 3') }), null);
  assert.equal(jupyterModule(cells, 'scala').text, 'val b = 3\n');
});

test('parseJupyter: kernel language from kernelspec, else language_info; source as string or lines; problems in one sentence', () => {
  const notebook = (metadata: object, cells: object[]) => JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 });
  const scala = parseJupyter(notebook({ language_info: { name: 'Scala' } }, [{ cell_type: 'code', source: ['val a = 1\n', 'a'] }, { cell_type: 'raw', source: 'x' }]));
  assert.equal(scala.kind, 'notebook');
  if (scala.kind === 'notebook') {
    assert.equal(scala.notebook.language, 'scala');
    assert.deepEqual(scala.notebook.cells, [{ kind: 'code', language: 'scala', text: 'val a = 1\na' }, { kind: 'raw', language: 'scala', text: 'x' }]);
  }
  const r = parseJupyter(notebook({ kernelspec: { language: 'R' } }, []));
  assert.equal(r.kind === 'notebook' && r.notebook.language, null);
  assert.deepEqual(parseJupyter(notebook({}, [{ cell_type: 'code', source: 3 }])), { kind: 'problem', message: 'not a Jupyter notebook: cell 1 has no text "source"' });
  assert.deepEqual(parseJupyter('[]'), { kind: 'problem', message: 'not a Jupyter notebook: no "cells" list (nbformat 4 is read)' });
  assert.equal(parseJupyter('{').kind, 'problem');
});

test('notebook cells analysed as one module: a finding on the cell that holds the call, its fix in that cell\'s coordinates', async () => {
  const cells = [
    code('events = spark.readStream.table("events")\n'),
    { kind: 'markdown', language: 'markdown', text: 'events.count()' } as const,
    code('# a comment\nevents.writeStream.trigger(once=True).option("checkpointLocation", "/chk/e").toTable("copy")'),
  ];
  const analysis = analyzeNotebookCells(cells, await loadModuleParsers(), defaultSettings);
  assert.deepEqual([...analysis.findings.keys()], [2]);
  const finding = analysis.findings.get(2)?.find((candidate) => candidate.rule === 'deprecated-trigger-once');
  assert.ok(finding, 'trigger(once=True) in the last cell');
  const text = cells[2]!.text;
  assert.equal(text.slice(finding.span.start, finding.span.end).includes('once=True'), true);
  const fix = finding.fixes.find((candidate) => candidate.safety === 'safe');
  assert.ok(fix);
  const [edit] = fix.edits();
  assert.ok(edit);
  const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
  assert.match(fixed, /trigger\(availableNow=True\)/);
});

test('a fix inside a # MAGIC %python cell is dropped; the finding stays', () => {
  const text = '# Databricks notebook source\n# MAGIC %python\n# MAGIC x = 1\n';
  const module = splitDatabricksSource(text)!.modules[0]!;
  const start = module.text.indexOf('x = 1');
  const finding: Finding = {
    rule: 'some-rule',
    code: 'WP000',
    severity: 'warning',
    message: 'x',
    span: { start, end: start + 5 },
    related: [],
    fixes: [{ title: 'edit', safety: 'safe', edits: () => [{ span: { start, end: start + 1 }, newText: 'y' }] }],
    sparkVersion: null,
  };
  const moved = findingsByPart(module, [finding]).get(0);
  assert.equal(moved?.length, 1);
  assert.equal(text.slice(moved[0]!.span.start, moved[0]!.span.end), 'x = 1');
  assert.deepEqual(moved[0]!.fixes, []);
});

test('a line continuing an expression with % or != is code, not a magic', () => {
  const text = 'seconds = (total\n           % 60)\nsame = (a\n        != b)\n%time x = 1\n!ls -la\n';
  const module = jupyterModule([code(text)], 'python');
  assert.deepEqual(module.text.split('\n').map((line) => line.trim()), ['seconds = (total', '% 60)', 'same = (a', '!= b)', '', '', '']);
});

test('an insertion at the end of a cell belongs to that cell, not to the next', () => {
  const module = jupyterModule([code('a = 1\n'), code('b = 2\n')], 'python');
  const boundary = 'a = 1\n'.length;
  assert.deepEqual(toEditablePartSpan(module, { start: boundary, end: boundary }, 0), { part: 0, span: { start: 6, end: 6 } });
  assert.deepEqual(toEditablePartSpan(module, { start: boundary, end: boundary }, 1), { part: 1, span: { start: 0, end: 0 } });
  assert.deepEqual(toEditablePartSpan(module, { start: boundary, end: boundary + 1 }, 0), null);
});
