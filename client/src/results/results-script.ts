// The results view's only script (inlined with the page's nonce): selects a
// batch when a plot point, a plot column or a batch button is clicked, and
// posts the buttons' requests to the extension. Plain ES2019, no imports.

export const resultsScript = String.raw`
(function () {
  'use strict';
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  var body = document.body;

  function select(batch) {
    body.setAttribute('data-selected-batch', batch);
    var marked = document.querySelectorAll('[data-batch]');
    for (var i = 0; i < marked.length; i++) {
      var element = marked[i];
      var on = element.getAttribute('data-batch') === batch;
      if (element.classList.contains('batch-rows')) element.hidden = !on;
      else element.classList.toggle('selected', on);
      if (element.classList.contains('batch-button')) element.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    var crashBatch = document.getElementById('crash-batch');
    if (crashBatch) crashBatch.value = batch;
    if (vscode) vscode.setState({ selectedBatch: batch });
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    while (target && target !== document && !(target.getAttribute && target.getAttribute('data-batch') !== null && !target.classList.contains('batch-rows'))) {
      target = target.parentNode;
    }
    if (target && target !== document && target.closest && (target.closest('svg') || target.classList.contains('batch-button') || target.closest('table'))) {
      var batch = target.getAttribute('data-batch');
      if (batch !== '') select(batch);
    }
  });

  function post(message) {
    if (vscode) vscode.postMessage(message);
    body.setAttribute('data-last-message', JSON.stringify(message));
  }
  var open = document.getElementById('open-database');
  if (open) open.addEventListener('click', function () { post({ kind: 'openDatabase' }); });
  var rerun = document.getElementById('rerun-with-crash');
  if (rerun) rerun.addEventListener('click', function () {
    post({
      kind: 'rerunWithCrash',
      phase: document.getElementById('crash-phase').value,
      batchId: Number(document.getElementById('crash-batch').value)
    });
  });

  var state = vscode ? vscode.getState() : null;
  var initial = (state && state.selectedBatch) || body.getAttribute('data-selected-batch');
  if (initial !== null && initial !== '') select(String(initial));
})();
`;
