// The results view's stylesheet: every colour is a theme variable, so the
// view follows light, dark and high-contrast themes.

export const resultsStyle = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.4em; margin: 12px 0 4px; }
h2 { font-size: 1.15em; margin: 20px 0 8px; border-bottom: 1px solid var(--vscode-panel-border); }
h3 { font-size: 1em; margin: 10px 0 4px; }
.summary, .facts, .empty { color: var(--vscode-descriptionForeground); }
.actions { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button:disabled { opacity: 0.5; cursor: default; }
select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); }
.plots { display: flex; flex-wrap: wrap; gap: 16px; }
.plot { margin: 0; }
.plot figcaption { font-weight: 600; margin-bottom: 2px; }
.legend { font-weight: normal; color: var(--vscode-descriptionForeground); margin-left: 8px; }
.legend-item { margin-right: 8px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 3px; vertical-align: middle; }
svg .axis { stroke: var(--vscode-editorRuler-foreground, #808080); }
svg .tick { fill: var(--vscode-descriptionForeground); font-size: 9px; }
svg .line { fill: none; stroke-width: 1.5; }
svg .point { cursor: pointer; }
svg .hit { fill: transparent; cursor: pointer; }
svg .hit.selected { fill: var(--vscode-editor-selectionBackground, #add6ff); opacity: 0.5; }
svg .point.selected { stroke: var(--vscode-focusBorder); stroke-width: 2; }
.series-input { stroke: var(--vscode-charts-blue, #3794ff); fill: var(--vscode-charts-blue, #3794ff); background: var(--vscode-charts-blue, #3794ff); }
.series-state { stroke: var(--vscode-charts-purple, #b180d7); fill: var(--vscode-charts-purple, #b180d7); background: var(--vscode-charts-purple, #b180d7); }
.series-watermark { stroke: var(--vscode-charts-green, #89d185); fill: var(--vscode-charts-green, #89d185); background: var(--vscode-charts-green, #89d185); }
.series-event-time { stroke: var(--vscode-charts-orange, #d18616); fill: var(--vscode-charts-orange, #d18616); background: var(--vscode-charts-orange, #d18616); }
.series-dropped { stroke: var(--vscode-charts-red, #f14c4c); fill: var(--vscode-charts-red, #f14c4c); background: var(--vscode-charts-red, #f14c4c); }
svg .line.series-input, svg .line.series-state, svg .line.series-watermark, svg .line.series-event-time, svg .line.series-dropped { fill: none; }
.batch-list { display: flex; flex-wrap: wrap; gap: 4px; margin-bottom: 8px; }
.batch-button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); }
.batch-button.selected { outline: 1px solid var(--vscode-focusBorder); background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
.batch-button .count { margin-left: 6px; opacity: 0.7; font-size: 0.85em; }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { border: 1px solid var(--vscode-panel-border, #80808059); padding: 2px 8px; text-align: left; font-family: var(--vscode-editor-font-family); font-size: 0.95em; }
th { background: var(--vscode-editorWidget-background); }
td.number { text-align: right; }
.null { color: var(--vscode-descriptionForeground); font-style: italic; }
tr.uncommitted, li.uncommitted { background: var(--vscode-inputValidation-warningBackground, #fff3c4); color: var(--vscode-inputValidation-warningForeground, inherit); }
tr.selected { outline: 1px solid var(--vscode-focusBorder); }
tr.duplicated { background: var(--vscode-diffEditor-insertedTextBackground, #9ccc2c40); }
tr.lost { background: var(--vscode-diffEditor-removedTextBackground, #ff000033); }
.verdict.bad { color: var(--vscode-errorForeground); font-weight: 600; }
.verdict.ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.side-by-side { display: flex; gap: 32px; }
`;
