// The code of a notebook file as one module of its own language, for
// consumers that read a whole job rather than findings (the simulator): a
// Databricks source notebook's module (the file's offsets, other cells blank)
// or a Jupyter notebook's code cells in order.

import { databricksLanguage, splitDatabricksSource } from './databricks-source';
import { jupyterModule, parseJupyter } from './jupyter';
import type { VirtualModule } from './virtual-module';

export type NotebookModule =
  | { readonly kind: 'module'; readonly module: VirtualModule }
  | { readonly kind: 'problem'; readonly message: string };

/** The notebook's module, a problem for an unreadable notebook, or null when the file is not a notebook. */
export function notebookModuleOf(path: string, text: string): NotebookModule | null {
  if (/\.ipynb$/i.test(path)) {
    const reading = parseJupyter(text);
    if (reading.kind === 'problem') return reading;
    const language = reading.notebook.language;
    if (language === null) return { kind: 'problem', message: `the notebook's kernel language ${JSON.stringify(reading.notebook.kernelLanguage)} is not Python or Scala` };
    return { kind: 'module', module: jupyterModule(reading.notebook.cells, language) };
  }
  const language = databricksLanguage(text);
  const extension = language === 'python' ? /\.py$/i : /\.scala$/i;
  if (language === null || !extension.test(path)) return null;
  const module = splitDatabricksSource(text)?.modules[0];
  return module ? { kind: 'module', module } : null;
}
