// Helpers of the simulator benchmark (scripts/bench-sim.ts): the generated
// event file it replays, and the raw floor it compares against: the same
// lines through JSON.parse and a prepared better-sqlite3 insert in one
// transaction into a file database, which is the least any replay into SQLite
// has to do.

import Database from 'better-sqlite3';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { defaultGeneratorOptions, EventGenerator } from '../simulator/src/generate/event-generator';
import type { ColumnType } from '../simulator/src/engine/source';

export const benchSchema: readonly ColumnType[] = [
  { name: 'event_id', type: 'string' },
  { name: 'user_id', type: 'string' },
  { name: 'page', type: 'string' },
  { name: 'amount', type: 'double' },
  { name: 'event_time', type: 'timestamp' },
];

export const benchSchemaDdl = 'event_id STRING, user_id STRING, page STRING, amount DOUBLE, event_time TIMESTAMP';

/** Writes `count` generated events as JSON lines (10 ms apart, some out of order and late); returns the file. */
export function writeEventFile(directory: string, count: number, seed = 42): string {
  const file = path.join(directory, 'events.jsonl');
  const generator = new EventGenerator(benchSchema, defaultGeneratorOptions({ seed, spacingMicros: 10_000, maxDisorderMicros: 2_000_000, lateByMicros: 60_000_000 }));
  const fd = openSync(file, 'w');
  const chunk = 50_000;
  for (let start = 0; start < count; start += chunk) {
    writeSync(fd, generator.jsonLines(start, Math.min(count, start + chunk)).join('\n') + '\n');
  }
  closeSync(fd);
  return file;
}

/** The floor: read the lines, JSON.parse each, insert each row with a prepared statement in one transaction. Returns the seconds taken. */
export function measureFloor(eventFile: string, databaseFile: string): number {
  const started = process.hrtime.bigint();
  const db = new Database(databaseFile);
  // The same settings as the simulator's database
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE events (event_id TEXT, user_id TEXT, page TEXT, amount REAL, event_time TEXT)');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
  const text = readFileSync(eventFile, 'utf8');
  const lines = text.split('\n');
  db.transaction(() => {
    for (const line of lines) {
      if (line === '') continue;
      const event = JSON.parse(line) as Record<string, unknown>;
      insert.run(event['event_id'], event['user_id'], event['page'], event['amount'], event['event_time']);
    }
  })();
  db.close();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
