// Every rule, in one explicit list sorted by id. Adding a rule means adding
// its file, one import and one entry here, its doc page (`npm run
// docs:rules`) and its fixtures; a test fails when these drift apart.

import { rule as cachedStaticSideInStreamJoin } from './cached-static-side-in-stream-join';
import { rule as chainedStreamingAggregations } from './chained-streaming-aggregations';
import { rule as jdbcStreamingSinkOrSource } from './jdbc-streaming-sink-or-source';
import { rule as objectStoreCheckpointRename } from './object-store-checkpoint-rename';
import { rule as sparkVersionWithCorruptCheckpoints } from './spark-version-with-corrupt-checkpoints';
import { rule as streamStaticJoinRereadsStaticSide } from './stream-static-join-rereads-static-side';
import { rule as streamStreamInnerJoinUnboundedState } from './stream-stream-inner-join-unbounded-state';
import { rule as streamStreamJoinNonAppend } from './stream-stream-join-non-append';
import { rule as streamStreamLeftAnti } from './stream-stream-left-anti';
import { rule as streamStreamOuterJoinWithoutWatermark } from './stream-stream-outer-join-without-watermark';
import { rule as streamingWindowFunction } from './streaming-window-function';
import { rule as unsupportedStreamStaticOuterJoin } from './unsupported-stream-static-outer-join';
import type { Rule } from './rule';

export const rules: readonly Rule[] = [
  cachedStaticSideInStreamJoin,
  chainedStreamingAggregations,
  jdbcStreamingSinkOrSource,
  objectStoreCheckpointRename,
  sparkVersionWithCorruptCheckpoints,
  streamStaticJoinRereadsStaticSide,
  streamStreamInnerJoinUnboundedState,
  streamStreamJoinNonAppend,
  streamStreamLeftAnti,
  streamStreamOuterJoinWithoutWatermark,
  streamingWindowFunction,
  unsupportedStreamStaticOuterJoin,
];

/**
 * Codes that belong to no rule and must never be given to one: catalog
 * numbers folded into another rule (SS508 expensive static side and SS509
 * no pruning on the static side are part of WP507).
 */
export const reservedCodes: readonly string[] = ['WP508', 'WP509'];

export function findRule(idOrCode: string): Rule | undefined {
  const wanted = idOrCode.toLowerCase();
  return rules.find((rule) => rule.meta.id === wanted || rule.meta.code.toLowerCase() === wanted);
}
