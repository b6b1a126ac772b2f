// Where a rule's documentation page is: docs/rules/<rule-id>.md, generated
// from the rule's own `doc` and shipped in the package (see .vscodeignore).
// Editors open the file URI from a diagnostic's code link; SARIF viewers
// show it as the rule's help. Pure apart from locating the package once.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let packageRoot: string | null | undefined;

export function ruleDocUrl(ruleId: string): string | null {
  packageRoot ??= findPackageRoot();
  if (packageRoot === null || !/^[a-z0-9-]+$/.test(ruleId)) return null;
  return pathToFileURL(path.join(packageRoot, 'docs', 'rules', `${ruleId}.md`)).href;
}

/** The folder holding package.json: above out/ when bundled, above server/src/cli when run from source. */
function findPackageRoot(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const candidate of [path.join(here, '..'), path.join(here, '..', '..', '..')]) {
    if (existsSync(path.join(candidate, 'package.json')) && existsSync(path.join(candidate, 'docs'))) return candidate;
  }
  return null;
}
