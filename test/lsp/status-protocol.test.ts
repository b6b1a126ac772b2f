import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as clientSide from '../../client/src/server/status-protocol';
import * as serverSide from '../../server/src/lsp/status';

// The client and the server declare the status protocol separately (the client
// never imports the server). These conversions only type-check while the two
// shapes agree in both directions; the assertions pin the method names.
const toClient = (status: serverSide.ServerStatus): clientSide.ServerStatus => status;
const toServer = (status: clientSide.ServerStatus): serverSide.ServerStatus => status;

test('client and server agree on the whirlpool/status protocol', () => {
  assert.equal(serverSide.statusRequest, clientSide.statusRequest);
  assert.equal(serverSide.statusNotification, clientSide.statusNotification);
  const status: serverSide.ServerStatus = {
    busy: false,
    ruleCount: 3,
    lastLint: { uri: 'file:///job.py', finishedAt: '2026-01-01T00:00:00.000Z', durationMs: 1.5, findingCount: 2 },
    sparkVersion: '3.5.0',
    enabled: true,
    settingsProblems: ['whirlpool.enable must be true or false'],
  };
  assert.deepEqual(clientSide.parseServerStatus(JSON.parse(JSON.stringify(toClient(status)))), status);
  assert.deepEqual(toServer(toClient(status)), status);
});
