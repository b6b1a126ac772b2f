// The checkpoint, the sink and the run's records, all in one SQLite file.
//
// The checkpoint mirrors Spark's directory layout as tables of named entries:
// `offsets` (the write-ahead log, one entry per batch, written before the
// batch runs), `commits` (one entry per finished batch, with the watermark for
// the next batch) and `state_files` (`N.delta` per operator and version, and
// now and then `N.snapshot`). Spark writes each such file to a temporary name
// and renames it (CheckpointFileManager.createAtomic); on HDFS and local disks
// the rename is atomic, on S3 it is not. The store model says which: `local`
// and `hdfs` write under a temporary name and rename in one transaction, so a
// crash mid-write leaves only an ignored temporary entry; `s3` writes straight
// to the final name, so a crash mid-write leaves a partial entry that the next
// start reads (the SPARK-21696 failure), and a second writer silently
// overwrites an entry instead of failing.

import Database from 'better-sqlite3';
import { quoteIdentifier } from './quote-identifier';
import { SimulationError } from './simulation-error';

export type CheckpointStore = 'local' | 'hdfs' | 's3';

export type CheckpointLog = 'offsets' | 'commits' | 'state_files';

const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS offsets (name TEXT PRIMARY KEY, batch_id INTEGER NOT NULL, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS commits (name TEXT PRIMARY KEY, batch_id INTEGER NOT NULL, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state_files (name TEXT PRIMARY KEY, operator INTEGER NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, content TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sink_rows (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, row TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sink_writes (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, run_id TEXT NOT NULL, num_rows INTEGER NOT NULL, skipped INTEGER NOT NULL, first_row_id INTEGER, last_row_id INTEGER);
CREATE TABLE IF NOT EXISTS foreach_batch_calls (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, run_id TEXT NOT NULL, rows TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS progress (
  id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, run_id TEXT NOT NULL, timestamp_ms INTEGER NOT NULL,
  num_input_rows INTEGER NOT NULL, num_output_rows INTEGER NOT NULL, watermark_ms INTEGER NOT NULL,
  state_rows_total INTEGER NOT NULL, dropped_by_watermark INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS corrupt_records (id INTEGER PRIMARY KEY, batch_id INTEGER NOT NULL, source TEXT NOT NULL, file TEXT, line INTEGER, raw TEXT NOT NULL, error TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS static_tables (name TEXT PRIMARY KEY, table_name TEXT NOT NULL, schema TEXT NOT NULL);
`;

export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(schema);
  return db;
}

/** Spark's file names: `offsets/7`, `commits/7`, `state/0/8.delta`. */
export function entryName(log: CheckpointLog, batchOrVersion: number, operator = 0, kind: 'delta' | 'snapshot' = 'delta'): string {
  return log === 'state_files' ? `${operator}/${batchOrVersion}.${kind}` : String(batchOrVersion);
}

function temporaryName(name: string): string {
  const slash = name.lastIndexOf('/');
  return `${name.slice(0, slash + 1)}.${name.slice(slash + 1)}.tmp`;
}

/** Thrown when two writers race for the same entry on a store whose rename refuses to overwrite (HDFS, local). */
export function concurrentUpdate(log: CheckpointLog, name: string): SimulationError {
  return new SimulationError(
    'corrupt-checkpoint',
    `Concurrent update to the ${log === 'commits' ? 'commit' : log === 'offsets' ? 'offset' : 'state'} log. Multiple streaming jobs detected for ${name}`,
  );
}

export class CheckpointFiles {
  private readonly statements: Record<CheckpointLog, { insert: Database.Statement; rename: Database.Statement; exists: Database.Statement; remove: Database.Statement }>;

  constructor(
    db: Database.Database,
    readonly store: CheckpointStore,
  ) {
    const make = (log: CheckpointLog) => {
      const table = quoteIdentifier(log);
      const columns = log === 'state_files' ? '(name, operator, version, kind, content) VALUES (@name, @operator, @version, @kind, @content)' : '(name, batch_id, content) VALUES (@name, @batch, @content)';
      return {
        insert: db.prepare(`INSERT OR REPLACE INTO ${table} ${columns}`),
        rename: db.prepare(`UPDATE ${table} SET name = @to WHERE name = @from`),
        exists: db.prepare(`SELECT 1 FROM ${table} WHERE name = ?`),
        remove: db.prepare(`DELETE FROM ${table} WHERE name = ?`),
      };
    };
    this.statements = { offsets: make('offsets'), commits: make('commits'), state_files: make('state_files') };
  }

  /**
   * Writes one checkpoint entry. `crashMidWrite` stops after half of the
   * content reached the store, as a process killed during the write would.
   * Must be called inside a transaction for local/hdfs (the rename is part of it).
   */
  write(
    log: CheckpointLog,
    name: string,
    fields: { batch?: number; operator?: number; version?: number; kind?: string },
    content: string,
    crashMidWrite: (() => never) | null,
    overwrite: boolean,
  ): void {
    const s = this.statements[log];
    const params = (entryName: string, text: string) => ({
      name: entryName,
      batch: fields.batch ?? 0,
      operator: fields.operator ?? 0,
      version: fields.version ?? 0,
      kind: fields.kind ?? '',
      content: text,
    });
    if (this.store === 's3') {
      // No rename: the object appears under its final name; a check-then-write is not atomic, so a
      // second writer overwrites. A crash mid-upload leaves what was written so far.
      if (crashMidWrite !== null) {
        s.insert.run(params(name, content.slice(0, Math.floor(content.length / 2))));
        crashMidWrite();
      }
      s.insert.run(params(name, content));
      return;
    }
    if (crashMidWrite === null) {
      // Inside the caller's transaction a write-then-rename is indistinguishable from a direct write
      if (!overwrite && s.exists.get(name) !== undefined) throw concurrentUpdate(log, name);
      s.insert.run(params(name, content));
      return;
    }
    const temp = temporaryName(name);
    s.insert.run(params(temp, crashMidWrite === null ? content : content.slice(0, Math.floor(content.length / 2))));
    if (crashMidWrite !== null) crashMidWrite();
    if (s.exists.get(name) !== undefined) {
      if (!overwrite) {
        s.remove.run(temp);
        throw concurrentUpdate(log, name);
      }
      s.remove.run(name);
    }
    s.rename.run({ from: temp, to: name });
  }
}

export function readMeta(db: Database.Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
}
