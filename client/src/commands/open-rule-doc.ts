// "Whirlpool: Open Rule Documentation": opens docs/rules/<rule-id>.md shipped
// inside the extension, by rule id, by code (WPxxx), from the diagnostic under
// the cursor, or picked from a list.

import * as vscode from 'vscode';

export async function openRuleDoc(extensionUri: vscode.Uri, ruleOrCode?: unknown): Promise<vscode.Uri | null> {
  const docsFolder = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  const docs = await listRuleDocs(docsFolder);
  if (docs.length === 0) {
    void vscode.window.showWarningMessage('Whirlpool: no rule documentation is installed with this extension');
    return null;
  }
  const wanted = typeof ruleOrCode === 'string' && ruleOrCode !== '' ? ruleOrCode : ruleUnderCursor();
  let target = wanted === null ? null : await findDoc(docs, wanted);
  if (wanted !== null && target === null) {
    void vscode.window.showWarningMessage(`Whirlpool: no documentation for rule ${JSON.stringify(wanted)}`);
    return null;
  }
  if (target === null) {
    const picked = await vscode.window.showQuickPick(
      docs.map((doc) => ({ label: doc.rule, description: doc.code ?? '', doc })),
      { placeHolder: 'Open the documentation of a Whirlpool rule' },
    );
    if (!picked) return null;
    target = picked.doc;
  }
  await vscode.commands.executeCommand('markdown.showPreview', target.uri);
  return target.uri;
}

interface RuleDoc {
  readonly rule: string;
  readonly code: string | null;
  readonly uri: vscode.Uri;
}

async function listRuleDocs(folder: vscode.Uri): Promise<RuleDoc[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return [];
  }
  const docs: RuleDoc[] = [];
  for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    if (type !== vscode.FileType.File || !name.endsWith('.md') || name === 'README.md') continue;
    const uri = vscode.Uri.joinPath(folder, name);
    docs.push({ rule: name.slice(0, -'.md'.length), code: await codeIn(uri), uri });
  }
  return docs;
}

/** The first WPnnn-style code in the doc's opening lines, where the rule's heading names it. */
async function codeIn(uri: vscode.Uri): Promise<string | null> {
  const head = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).slice(0, 600);
  return /\b([A-Z]{2,3}\d{3,4})\b/.exec(head)?.[1] ?? null;
}

async function findDoc(docs: readonly RuleDoc[], wanted: string): Promise<RuleDoc | null> {
  const lower = wanted.toLowerCase();
  return docs.find((doc) => doc.rule === lower || doc.code?.toLowerCase() === lower) ?? null;
}

/** The rule of the first Whirlpool diagnostic under the cursor, from its `data.rule` or its code. */
function ruleUnderCursor(): string | null {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return null;
  const position = editor.selection.active;
  for (const diagnostic of vscode.languages.getDiagnostics(editor.document.uri)) {
    if (diagnostic.source !== 'whirlpool' || !diagnostic.range.contains(position)) continue;
    const code = diagnostic.code;
    if (typeof code === 'string' || typeof code === 'number') return String(code);
    if (code && typeof code === 'object') return String(code.value);
  }
  return null;
}
