// How a message spells code in the file's language. Rules name the function
// or trigger to use and this writes it as the user would: PySpark calls go
// through the functions module as `F` and take column names, Scala calls are
// imported from `org.apache.spark.sql.functions._` and take `$"c"` columns;
// triggers are keyword arguments in Python and `Trigger` objects in Scala.

import type { PipelineModel } from '../model/pipeline';

export type Language = PipelineModel['language'];

export type TriggerKind = 'processingTime' | 'availableNow';

export interface Spelling {
  readonly language: Language;
  /** A column function named in prose: `F.window` in Python, `window` in Scala. */
  function(name: string): string;
  /** A column function call: `F.window(...)` in Python, `window(...)` in Scala. */
  call(name: string, ...args: readonly string[]): string;
  /** A column named by a literal where a function takes a column: `"c"` in Python (a name will do), `$"c"` in Scala. */
  columnArgument(name: string): string;
  /** A column named by a literal, to call methods on: `F.col("c")` in Python, `$"c"` in Scala. */
  column(name: string): string;
  /** Column equality: `==` in Python, `===` in Scala. */
  readonly equals: string;
  /** The argument of `trigger(...)`: `processingTime="1 minute"` / `Trigger.ProcessingTime("1 minute")`, `availableNow=True` / `Trigger.AvailableNow()`. */
  trigger(kind: TriggerKind, interval?: string): string;
  /** A trigger named in prose: `processingTime` / `Trigger.ProcessingTime(...)`. */
  triggerName(kind: TriggerKind): string;
  /** The batch DataFrame parameter the fixes give a foreachBatch handler: `batch_df` / `batch`. */
  readonly batchDataFrame: string;
}

export function spellingFor(language: Language): Spelling {
  switch (language) {
    case 'python':
      return python;
    case 'scala':
      return scala;
    default: {
      const unknown: never = language;
      throw new Error(`no spelling for ${String(unknown)}`);
    }
  }
}

const python: Spelling = {
  language: 'python',
  function: (name) => `F.${name}`,
  call: (name, ...args) => `F.${name}(${args.join(', ')})`,
  columnArgument: (name) => JSON.stringify(name),
  column: (name) => `F.col(${JSON.stringify(name)})`,
  equals: '==',
  trigger: (kind, interval) => (kind === 'processingTime' ? `processingTime=${JSON.stringify(interval ?? '<interval>')}` : 'availableNow=True'),
  triggerName: (kind) => kind,
  batchDataFrame: 'batch_df',
};

const scala: Spelling = {
  language: 'scala',
  function: (name) => name,
  call: (name, ...args) => `${name}(${args.join(', ')})`,
  columnArgument: (name) => `$${JSON.stringify(name)}`,
  column: (name) => `$${JSON.stringify(name)}`,
  equals: '===',
  trigger: (kind, interval) => (kind === 'processingTime' ? `Trigger.ProcessingTime(${JSON.stringify(interval ?? '<interval>')})` : 'Trigger.AvailableNow()'),
  triggerName: (kind) => (kind === 'processingTime' ? 'Trigger.ProcessingTime(...)' : 'Trigger.AvailableNow()'),
  batchDataFrame: 'batch',
};
