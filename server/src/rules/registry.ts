// Every rule, in one explicit list sorted by id. Adding a rule means adding
// its file, one import and one entry here, its doc page (`npm run
// docs:rules`) and its fixtures; a test fails when these drift apart.

import { rule as abortableManagerSharedCheckpoint } from './abortable-manager-shared-checkpoint';
import { rule as appendAggregationWithoutWatermark } from './append-aggregation-without-watermark';
import { rule as asyncProgressMisuse } from './async-progress-misuse';
import { rule as batchDropDuplicatesWithinWatermark } from './batch-drop-duplicates-within-watermark';
import { rule as batchWritestream } from './batch-writestream';
import { rule as cachedStaticSideInStreamJoin } from './cached-static-side-in-stream-join';
import { rule as chainedStatefulOperators } from './chained-stateful-operators';
import { rule as chainedStreamingAggregations } from './chained-streaming-aggregations';
import { rule as completeWithoutAggregation } from './complete-without-aggregation';
import { rule as continuousTriggerUnsupported } from './continuous-trigger-unsupported';
import { rule as correctnessCheckDisabled } from './correctness-check-disabled';
import { rule as debugSinkInProduction } from './debug-sink-in-production';
import { rule as dedupAfterAggregation } from './dedup-after-aggregation';
import { rule as dedupWithinWatermarkWithoutWatermark } from './dedup-within-watermark-without-watermark';
import { rule as deprecatedTriggerOnce } from './deprecated-trigger-once';
import { rule as ephemeralCheckpointPath } from './ephemeral-checkpoint-path';
import { rule as eventTimeTimeoutWithoutWatermark } from './event-time-timeout-without-watermark';
import { rule as exceptStreamOnRight } from './except-stream-on-right';
import { rule as fileSinkNonAppend } from './file-sink-non-append';
import { rule as fileStreamWithoutSchema } from './file-stream-without-schema';
import { rule as foreachBatchContinuous } from './foreach-batch-continuous';
import { rule as foreachBatchMultipleActionsWithoutPersist } from './foreach-batch-multiple-actions-without-persist';
import { rule as foreachBatchNonIdempotentWrite } from './foreach-batch-non-idempotent-write';
import { rule as foreachBatchUsesOuterStream } from './foreach-batch-uses-outer-stream';
import { rule as globalCheckpointWithoutQueryName } from './global-checkpoint-without-query-name';
import { rule as immutableStreamingConf } from './immutable-streaming-conf';
import { rule as invalidOutputMode } from './invalid-output-mode';
import { rule as jdbcStreamingSinkOrSource } from './jdbc-streaming-sink-or-source';
import { rule as mapGroupsWithStateMode } from './map-groups-with-state-mode';
import { rule as maxWatermarkPolicy } from './max-watermark-policy';
import { rule as memorySinkWithoutQueryName } from './memory-sink-without-query-name';
import { rule as missingCheckpointLocation } from './missing-checkpoint-location';
import { rule as multipleStateFuncs } from './multiple-state-funcs';
import { rule as objectStoreCheckpointRename } from './object-store-checkpoint-rename';
import { rule as partitionByWithForeach } from './partition-by-with-foreach';
import { rule as realTimeModeConstraints } from './real-time-mode-constraints';
import { rule as sharedCheckpointLocation } from './shared-checkpoint-location';
import { rule as sparkVersionWithCorruptCheckpoints } from './spark-version-with-corrupt-checkpoints';
import { rule as stateFuncModeMismatch } from './state-func-mode-mismatch';
import { rule as stateFuncWithAggregation } from './state-func-with-aggregation';
import { rule as streamBatchAction } from './stream-batch-action';
import { rule as streamBatchWriter } from './stream-batch-writer';
import { rule as streamCacheOrCheckpoint } from './stream-cache-or-checkpoint';
import { rule as streamPivotWithoutValues } from './stream-pivot-without-values';
import { rule as streamStaticJoinRereadsStaticSide } from './stream-static-join-rereads-static-side';
import { rule as streamStreamInnerJoinUnboundedState } from './stream-stream-inner-join-unbounded-state';
import { rule as streamStreamJoinNonAppend } from './stream-stream-join-non-append';
import { rule as streamStreamLeftAnti } from './stream-stream-left-anti';
import { rule as streamStreamOuterJoinWithoutWatermark } from './stream-stream-outer-join-without-watermark';
import { rule as streamingCogroup } from './streaming-cogroup';
import { rule as streamingDistinctAggregate } from './streaming-distinct-aggregate';
import { rule as streamingGroupingSets } from './streaming-grouping-sets';
import { rule as streamingInitialState } from './streaming-initial-state';
import { rule as streamingIntersect } from './streaming-intersect';
import { rule as streamingLimitUpdate } from './streaming-limit-update';
import { rule as streamingMonotonicId } from './streaming-monotonic-id';
import { rule as streamingOffset } from './streaming-offset';
import { rule as streamingSample } from './streaming-sample';
import { rule as streamingSort } from './streaming-sort';
import { rule as streamingSqlCommand } from './streaming-sql-command';
import { rule as streamingWindowFunction } from './streaming-window-function';
import { rule as tinyTriggerInterval } from './tiny-trigger-interval';
import { rule as twsRequiresRocksdb } from './tws-requires-rocksdb';
import { rule as unboundedAggregationState } from './unbounded-aggregation-state';
import { rule as unboundedDedupState } from './unbounded-dedup-state';
import { rule as unionStreamBatch } from './union-stream-batch';
import { rule as unsupportedOperationCheckDisabled } from './unsupported-operation-check-disabled';
import { rule as unsupportedStreamStaticOuterJoin } from './unsupported-stream-static-outer-join';
import { rule as unusedSuppression } from './unused-suppression';
import { rule as updateWithSessionWindow } from './update-with-session-window';
import { rule as watermarkAfterAggregation } from './watermark-after-aggregation';
import { rule as watermarkColumnNotGrouped } from './watermark-column-not-grouped';
import { rule as watermarkOnBatch } from './watermark-on-batch';
import { rule as watermarkOnNonTimestamp } from './watermark-on-non-timestamp';
import type { Rule } from './rule';

export const rules: readonly Rule[] = [
  abortableManagerSharedCheckpoint,
  appendAggregationWithoutWatermark,
  asyncProgressMisuse,
  batchDropDuplicatesWithinWatermark,
  batchWritestream,
  cachedStaticSideInStreamJoin,
  chainedStatefulOperators,
  chainedStreamingAggregations,
  completeWithoutAggregation,
  continuousTriggerUnsupported,
  correctnessCheckDisabled,
  debugSinkInProduction,
  dedupAfterAggregation,
  dedupWithinWatermarkWithoutWatermark,
  deprecatedTriggerOnce,
  ephemeralCheckpointPath,
  eventTimeTimeoutWithoutWatermark,
  exceptStreamOnRight,
  fileSinkNonAppend,
  fileStreamWithoutSchema,
  foreachBatchContinuous,
  foreachBatchMultipleActionsWithoutPersist,
  foreachBatchNonIdempotentWrite,
  foreachBatchUsesOuterStream,
  globalCheckpointWithoutQueryName,
  immutableStreamingConf,
  invalidOutputMode,
  jdbcStreamingSinkOrSource,
  mapGroupsWithStateMode,
  maxWatermarkPolicy,
  memorySinkWithoutQueryName,
  missingCheckpointLocation,
  multipleStateFuncs,
  objectStoreCheckpointRename,
  partitionByWithForeach,
  realTimeModeConstraints,
  sharedCheckpointLocation,
  sparkVersionWithCorruptCheckpoints,
  stateFuncModeMismatch,
  stateFuncWithAggregation,
  streamBatchAction,
  streamBatchWriter,
  streamCacheOrCheckpoint,
  streamPivotWithoutValues,
  streamStaticJoinRereadsStaticSide,
  streamStreamInnerJoinUnboundedState,
  streamStreamJoinNonAppend,
  streamStreamLeftAnti,
  streamStreamOuterJoinWithoutWatermark,
  streamingCogroup,
  streamingDistinctAggregate,
  streamingGroupingSets,
  streamingInitialState,
  streamingIntersect,
  streamingLimitUpdate,
  streamingMonotonicId,
  streamingOffset,
  streamingSample,
  streamingSort,
  streamingSqlCommand,
  streamingWindowFunction,
  tinyTriggerInterval,
  twsRequiresRocksdb,
  unboundedAggregationState,
  unboundedDedupState,
  unionStreamBatch,
  unsupportedOperationCheckDisabled,
  unsupportedStreamStaticOuterJoin,
  unusedSuppression,
  updateWithSessionWindow,
  watermarkAfterAggregation,
  watermarkColumnNotGrouped,
  watermarkOnBatch,
  watermarkOnNonTimestamp,
];

/**
 * Codes that belong to no rule and must never be given to one: catalog
 * numbers folded into another rule (SS508 expensive static side and SS509
 * no pruning on the static side are part of WP507).
 */
export const reservedCodes: readonly string[] = ['WP508', 'WP509'];
