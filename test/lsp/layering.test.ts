// The layering rules of ARCHITECTURE.md, checked on every import in the
// sources: only server/src/lsp knows LSP; the client never reaches into the
// server or the simulator; the simulator never reaches into the LSP layer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

interface Layer {
  /** Folder (relative to the repository) whose files the rule applies to. */
  readonly folder: string;
  /** Sub-folders exempt from the rule. */
  readonly except: readonly string[];
  /** Package names (or prefixes) that may not be imported. */
  readonly packages: readonly RegExp[];
  /** Repository folders that may not be imported. */
  readonly folders: readonly string[];
}

const lspPackages = [/^vscode-languageserver/, /^vscode-languageclient/, /^vscode-jsonrpc/];

const layers: readonly Layer[] = [
  { folder: 'server/src', except: ['server/src/lsp'], packages: [...lspPackages, /^vscode$/], folders: ['server/src/lsp', 'client'] },
  { folder: 'simulator/src', except: [], packages: [/^vscode-languageserver/, /^vscode-jsonrpc/, /^vscode$/], folders: ['server/src/lsp', 'client'] },
  { folder: 'client/src', except: [], packages: [/^vscode-languageserver/], folders: ['server', 'simulator'] },
];

/** Every module specifier in a TypeScript file: imports, re-exports, require() and import(). */
export function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) if (match[1]) specifiers.push(match[1]);
  }
  return specifiers;
}

/** The rule a specifier breaks for a file in `layer`, or null. */
export function violation(layer: Layer, file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = path.relative(root, path.resolve(path.dirname(path.join(root, file)), specifier)).split(path.sep).join('/');
    const folder = layer.folders.find((forbidden) => target === forbidden || target.startsWith(`${forbidden}/`));
    return folder ? `${file} imports ${specifier} (inside ${folder})` : null;
  }
  const pattern = layer.packages.find((forbidden) => forbidden.test(specifier));
  return pattern ? `${file} imports ${specifier}` : null;
}

function sourceFiles(folder: string): string[] {
  const absolute = path.join(root, folder);
  let names: string[];
  try {
    names = readdirSync(absolute);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const child = path.join(folder, name);
    if (statSync(path.join(root, child)).isDirectory()) return sourceFiles(child);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name) ? [child.split(path.sep).join('/')] : [];
  });
}

test('no layer imports what ARCHITECTURE.md forbids it', () => {
  const problems: string[] = [];
  let checked = 0;
  for (const layer of layers) {
    for (const file of sourceFiles(layer.folder)) {
      if (layer.except.some((folder) => file.startsWith(`${folder}/`))) continue;
      checked++;
      for (const specifier of importSpecifiers(readFileSync(path.join(root, file), 'utf8'))) {
        const problem = violation(layer, file, specifier);
        if (problem) problems.push(problem);
      }
    }
  }
  assert.ok(checked > 0, 'found no source files to check');
  assert.deepEqual(problems, []);
});

test('the import scan sees every import form and catches each forbidden one', () => {
  const source = [
    "import { createConnection } from 'vscode-languageserver/node';",
    "import type {",
    "  Diagnostic,",
    "} from 'vscode-languageserver-types';",
    "export { x } from '../lsp/server';",
    "import '../lsp/side-effect';",
    "const lazy = await import('vscode-jsonrpc');",
    "const old = require('../../../client/src/extension');",
    "import { LineIndex } from '../model/span';",
  ].join('\n');
  assert.deepEqual(importSpecifiers(source), [
    'vscode-languageserver/node',
    'vscode-languageserver-types',
    '../lsp/server',
    '../model/span',
    '../lsp/side-effect',
    'vscode-jsonrpc',
    '../../../client/src/extension',
  ]);
  const server = layers[0];
  assert.ok(server);
  const file = 'server/src/rules/example.ts';
  const flagged = importSpecifiers(source).filter((specifier) => violation(server, file, specifier) !== null);
  assert.deepEqual(flagged, [
    'vscode-languageserver/node',
    'vscode-languageserver-types',
    '../lsp/server',
    '../lsp/side-effect',
    'vscode-jsonrpc',
    '../../../client/src/extension',
  ]);
  const client = layers[2];
  assert.ok(client);
  assert.notEqual(violation(client, 'client/src/extension.ts', '../../server/src/cli/run'), null);
  assert.notEqual(violation(client, 'client/src/extension.ts', '../../simulator/src/worker'), null);
  assert.equal(violation(client, 'client/src/extension.ts', 'vscode-languageclient/node'), null);
  assert.equal(violation(client, 'client/src/extension.ts', './status'), null);
});
