// The Simulate code lens above each streaming query's start()/toTable(), and
// the simulation it runs.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { activeExtension, openExample, updateSetting, waitForDiagnostics } from './helpers';

// Its events/ folder holds recorded input for the job, so the run is deterministic.
const example = 'clickstream_windowed_counts.py';

/** Lines that end a writeStream chain: where the lenses belong. */
function queryStartLines(document: vscode.TextDocument): number[] {
  const lines: number[] = [];
  const text = document.getText();
  for (const match of text.matchAll(/\.(start|toTable)\(/g)) {
    const before = text.slice(0, match.index);
    const statementStart = Math.max(before.lastIndexOf('\n\n'), 0);
    if (text.slice(statementStart, match.index).includes('writeStream')) lines.push(document.positionAt(match.index).line);
  }
  return lines;
}

async function simulateLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  // The server answers once the document is analysed; diagnostics arriving says it has been.
  await waitForDiagnostics(uri, () => true);
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((lens) => lens.command?.command === 'whirlpool.simulate');
}

suite('simulate code lens', () => {
  test('one Simulate lens per streaming query, on its start()/toTable() line', async () => {
    await activeExtension();
    const editor = await openExample(example);
    const expected = queryStartLines(editor.document);
    assert.ok(expected.length > 0, `${example} should start a streaming query`);
    const lenses = await simulateLenses(editor.document.uri);
    assert.deepEqual(lenses.map((lens) => lens.range.start.line).sort((a, b) => a - b), expected);
    for (const lens of lenses) assert.match(lens.command?.title ?? '', /Simulate/);
  });

  test('the lens runs the simulator in its own process and opens the results view', async () => {
    const { api } = await activeExtension();
    await updateSetting('simulator.batches', 3);
    try {
      const editor = await openExample(example);
      const [lens] = await simulateLenses(editor.document.uri);
      assert.ok(lens?.command, 'no Simulate lens');
      const result = (await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []))) as { batches: unknown[]; database: string | null } | null;
      assert.ok(result, 'the simulation produced no result');
      assert.ok(result.batches.length > 0);
      assert.ok(result.database && existsSync(result.database), 'the SQLite file was not written');
      const shown = (api as unknown as { simulation: () => { html: string | null } }).simulation();
      assert.match(shown.html ?? '', /<svg/);
      assert.equal((shown.html?.match(/class="point series-input"/g) ?? []).length, result.batches.length);
    } finally {
      await updateSetting('simulator.batches', undefined);
    }
  });
});
