// Bundles the extension-host tests (test/vscode/suite/*.ts) into
// out/test/vscode/suite/, one file per module so mocha can load each spec
// after it has installed its globals. `vscode` and `mocha` stay external:
// the extension host provides the first, node_modules the second.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const suite = path.join(root, 'test', 'vscode', 'suite');
const entryPoints = readdirSync(suite)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => path.join(suite, name));

await build({
  entryPoints,
  outdir: path.join(root, 'out', 'test', 'vscode', 'suite'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`built ${entryPoints.length} extension-host test modules`);
