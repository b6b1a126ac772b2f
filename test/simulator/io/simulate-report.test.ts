import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBatchLine, formatProgressBar, formatSummaryTable } from '../../../server/src/cli/simulate-report';

const batches = [
  { batchId: 0, inputRows: 100, outputRows: 0, stateRows: 40, watermarkMs: null, droppedLateRows: 0, corruptRecords: 1 },
  { batchId: 1, inputRows: 100, outputRows: 17, stateRows: 61, watermarkMs: Date.UTC(2024, 4, 14, 9, 14, 27), droppedLateRows: 3, corruptRecords: 0 },
];

test('the summary table lines up every batch under its headers, with totals', () => {
  assert.equal(
    formatSummaryTable(batches),
    [
      'batch  input rows  output rows  state rows  watermark             late rows dropped  corrupt records',
      '-----  ----------  -----------  ----------  --------------------  -----------------  ---------------',
      '    0         100            0          40  -                                     0                1',
      '    1         100           17          61  2024-05-14T09:14:27Z                  3                0',
      '-----  ----------  -----------  ----------  --------------------  -----------------  ---------------',
      'total         200           17                                                    3                1',
    ].join('\n'),
  );
});

test('plain batch lines and the progress bar', () => {
  assert.equal(formatBatchLine(batches[1]!), 'batch 1: 100 in, 17 out, 61 in state, watermark 2024-05-14T09:14:27Z, 3 late dropped, 0 corrupt');
  assert.equal(formatProgressBar(2, 4, 3, 200, 10), '[#####.....] 2/4 data batches, 200 rows in (batch 3)');
  assert.equal(formatProgressBar(2, null, 3, 200), 'batch 3: 2 data batches, 200 rows in');
});
