// The arguments of `whirlpool simulate`, parsed without side effects: a bad
// argument gives one message that names it (exit code 2).

export type SinkSemanticsOption = 'atomic' | 'spark-faithful';
/** Where a crash can be injected, in a batch's order; `after-sink` is short for `after-sink-before-commit`. */
export type CrashPhaseOption = 'after-offsets' | 'mid-sink-write' | 'after-sink-before-commit' | 'after-commit';

export const crashPhaseOptions: readonly CrashPhaseOption[] = ['after-offsets', 'mid-sink-write', 'after-sink-before-commit', 'after-commit'];

export interface SimulateArgs {
  readonly file: string;
  /** 1-based index among the file's started stream writers; null: the first. */
  readonly query: number | null;
  readonly events: readonly string[];
  readonly scenario: string | null;
  readonly database: string | null;
  /** Data batches to run; null: until the input is used up (generated input: 10 batches). */
  readonly batches: number | null;
  readonly rowsPerBatch: number;
  readonly seed: number;
  readonly crashAt: CrashPhaseOption | null;
  /** The batch the crash happens in (default: the second data batch, so there is a first one to compare). */
  readonly crashBatch: number;
  readonly sinkSemantics: SinkSemanticsOption;
  readonly sparkVersion: readonly [number, number, number];
  readonly progress: 'text' | 'jsonl';
  readonly epochUnit: 'seconds' | 'millis';
}

export const simulateUsage = `usage: whirlpool simulate FILE [options]

Replays events through one streaming query of FILE in micro-batches, with
Spark's semantics, into a SQLite file.

options:
  --query N                 the N-th started writeStream in FILE (default: the first)
  --events SOURCE=PATH      events for a source (its table, path, topic or variable name):
                            a JSON lines or CSV file, or a directory of files; repeatable.
                            Without it: events/<SOURCE>.jsonl beside FILE, else generated
  --scenario S.json         run a conformance scenario instead of FILE
  --db OUT.sqlite           where to write tables (default: a temporary file)
  --batches N               data batches to run (default: all the input; 10 when generated)
  --rows-per-batch N        events per micro-batch for event files and generated input (default 100)
  --seed N                  seed of the event generator (default 42)
  --crash-at PHASE          crash in a batch at after-offsets, mid-sink-write, after-sink
                            (before the commit) or after-commit, restart from the
                            checkpoint, finish, and compare the sink with a clean run
  --crash-batch N           the batch to crash in (default 1)
  --sink-semantics S        atomic (default) or spark-faithful
  --spark-version X.Y       the Spark version to follow (default 3.5)
  --epoch-unit U            numbers in timestamp columns are seconds (default, as Spark) or millis
  --progress jsonl          stream Spark-shaped progress JSON lines on stdout`;

export function parseSimulateArgs(args: readonly string[]): { readonly value: SimulateArgs | null; readonly error: string | null } {
  let file: string | null = null;
  let query: number | null = null;
  const events: string[] = [];
  let scenario: string | null = null;
  let database: string | null = null;
  let batches: number | null = null;
  let rowsPerBatch = 100;
  let seed = 42;
  let crashAt: CrashPhaseOption | null = null;
  let crashBatch = 1;
  let sinkSemantics: SinkSemanticsOption = 'atomic';
  let sparkVersion: readonly [number, number, number] = [3, 5, 0];
  let progress: 'text' | 'jsonl' = 'text';
  let epochUnit: 'seconds' | 'millis' = 'seconds';
  const fail = (error: string): { value: null; error: string } => ({ value: null, error });
  for (let index = 0; index < args.length; index++) {
    const argument = args[index] as string;
    const [flag, inline] = argument.startsWith('--') && argument.includes('=') && !argument.startsWith('--events=')
      ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)]
      : argument.startsWith('--events=')
        ? ['--events', argument.slice('--events='.length)]
        : [argument, null];
    const needsValue = (): string | null => {
      if (inline !== null) return inline;
      const value = args[index + 1];
      if (value === undefined) return null;
      index += 1;
      return value;
    };
    if (!flag.startsWith('--')) {
      if (file !== null) return fail(`unexpected argument '${argument}': give one FILE`);
      file = argument;
      continue;
    }
    const value = needsValue();
    if (value === null) return fail(`${flag} needs a value`);
    switch (flag) {
      case '--query': {
        const number = positiveInteger(value);
        if (number === null) return fail(`--query expects a positive number (1 is the first query), got '${value}'`);
        query = number;
        break;
      }
      case '--events':
        events.push(value);
        break;
      case '--scenario':
        scenario = value;
        break;
      case '--db':
        database = value;
        break;
      case '--batches': {
        const number = positiveInteger(value);
        if (number === null) return fail(`--batches expects a positive number, got '${value}'`);
        batches = number;
        break;
      }
      case '--rows-per-batch': {
        const number = positiveInteger(value);
        if (number === null) return fail(`--rows-per-batch expects a positive number, got '${value}'`);
        rowsPerBatch = number;
        break;
      }
      case '--seed': {
        if (!/^\d+$/.test(value)) return fail(`--seed expects a non-negative integer, got '${value}'`);
        seed = Number(value) >>> 0;
        break;
      }
      case '--crash-at': {
        const phase = crashPhaseOptions.find((option) => option === (value === 'after-sink' ? 'after-sink-before-commit' : value));
        if (phase === undefined) return fail(`--crash-at expects one of ${crashPhaseOptions.join(', ')}, got '${value}'`);
        crashAt = phase;
        break;
      }
      case '--crash-batch': {
        if (!/^\d+$/.test(value)) return fail(`--crash-batch expects a batch id (0 or more), got '${value}'`);
        crashBatch = Number(value);
        break;
      }
      case '--sink-semantics':
        if (value !== 'atomic' && value !== 'spark-faithful') return fail(`--sink-semantics expects atomic or spark-faithful, got '${value}'`);
        sinkSemantics = value;
        break;
      case '--spark-version': {
        const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(value);
        if (match === null) return fail(`--spark-version expects X.Y such as 3.5, got '${value}'`);
        sparkVersion = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
        break;
      }
      case '--progress':
        if (value !== 'jsonl') return fail(`--progress expects jsonl, got '${value}'`);
        progress = 'jsonl';
        break;
      case '--epoch-unit':
        if (value !== 'seconds' && value !== 'millis') return fail(`--epoch-unit expects seconds or millis, got '${value}'`);
        epochUnit = value;
        break;
      default:
        return fail(`unknown option ${flag}\n\n${simulateUsage}`);
    }
  }
  if (file === null && scenario === null) return fail(`simulate needs a FILE\n\n${simulateUsage}`);
  return {
    value: { file: file ?? '', query, events, scenario, database, batches, rowsPerBatch, seed, crashAt, crashBatch, sinkSemantics, sparkVersion, progress, epochUnit },
    error: null,
  };
}

function positiveInteger(text: string): number | null {
  return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : null;
}
