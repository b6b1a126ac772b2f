// Catalog entries with no rule, and why: rendered at the end of the rule
// index. An entry names what a rule would need that one file's pipeline model
// does not hold, or why the check is left out; codes here are never given to
// another rule.

export interface NotImplemented {
  /** The catalog number, e.g. `SS707`. */
  readonly catalog: string;
  /** The catalog's name for the pattern, in the rules' kebab-case. */
  readonly id: string;
  readonly reason: string;
}

/** Sorted by catalog number. */
export const notImplemented: readonly NotImplemented[] = [
  {
    catalog: 'SS610',
    id: 'legacy-arbitrary-state-api',
    reason:
      'advice only (info): at the default target, Spark 4.0, it would flag every applyInPandasWithState, including the correct ones the stateful-function rules recommend; waits for rules that are off by default',
  },
  {
    catalog: 'SS707',
    id: 'stateful-change-on-existing-checkpoint',
    reason:
      'needs two revisions of the job (a VCS diff or a recorded plan signature) to see that the stateful operators changed under the same checkpoint; one file cannot tell',
  },
  {
    catalog: 'SS813',
    id: 'foreach-dedup-on-epoch',
    reason:
      "needs the body of a ForeachWriter class's open(partition_id, epoch_id) and what it uses as a key; the pipeline model holds DataFrame code, not class methods",
  },
  {
    catalog: 'SS901',
    id: 'large-state-on-hdfs-provider',
    reason:
      'needs the number of state keys, which the code does not show: flagging every stateful query without the RocksDB provider would be noise, and the provider can only be chosen for a new checkpoint (immutable-streaming-conf); the simulator shows state rows per batch instead',
  },
];
