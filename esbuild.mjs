// Bundles every entry point into out/ and copies the grammar .wasm files
// beside them, so the extension, the CLI and the simulator worker load the
// same files installed or packaged. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');

const entries = [
  { in: 'client/src/extension.ts', out: 'extension', external: ['vscode'] },
  // Runs in its own process: reads a simulation's SQLite file for the results view.
  { in: 'client/src/simulate/read-result-main.ts', out: 'simulation-reader' },
  { in: 'server/src/lsp/main.ts', out: 'server' },
  { in: 'server/src/cli/main.ts', out: 'cli' },
  { in: 'simulator/src/worker.ts', out: 'simulator-worker' },
  // `--bench`: the lint benchmark runs the same bundled code `whirlpool lint` runs.
  ...(process.argv.includes('--bench') ? [{ in: 'scripts/bench-lint.ts', out: 'bench-lint' }] : []),
].filter((entry) => existsSync(entry.in));

mkdirSync('out/wasm', { recursive: true });
for (const [pkg, file] of [
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
  ['tree-sitter-scala', 'tree-sitter-scala.wasm'],
]) {
  const resolved = file === 'tree-sitter.wasm'
    ? require.resolve(`${pkg}/${file}`)
    : path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
  copyFileSync(resolved, path.join('out/wasm', file));
}

// The bundles are CommonJS; web-tree-sitter's ES module build reads
// `import.meta.url`, which is empty there, so bundle its CommonJS build.
const webTreeSitterCommonJs = {
  name: 'web-tree-sitter-commonjs',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};

await Promise.all(
  entries.map((entry) =>
    build({
      entryPoints: { [entry.out]: entry.in },
      outdir: 'out',
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: !production,
      minify: production,
      external: ['better-sqlite3', ...(entry.external ?? [])],
      plugins: [webTreeSitterCommonJs],
      logLevel: 'warning',
    }),
  ),
);
console.log(`built ${entries.map((e) => e.out).join(', ') || 'nothing'} into out/`);
