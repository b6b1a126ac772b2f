// A streaming checkpoint on S3 with the default, rename-based checkpoint manager.

import { isAtLeast } from '../analysis/spark-version';
import type { Fix, FixSettings, SparkVersion } from '../analysis/types';
import { abortableManagerFix, moveCheckpointFix } from '../fixes/checkpoint-fixes';
import { scalaAbortableManagerFix } from '../fixes/session-conf-scala';
import type { Located, PipelineModel, Value } from '../model/pipeline';
import { findOption, stringPrefix } from './query';
import type { ModelRuleContext, Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'object-store-checkpoint-rename',
  code: 'WP704',
  severity: 'warning',
  summary: 'Checkpoints on S3 are committed by rename, which S3 does as a slow, non-atomic copy and delete',
  sparkVersions: 'all (the abortable checkpoint manager needs 3.4+)',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a streaming checkpoint location on S3 (\`s3://\`, \`s3a://\`,
\`s3n://\`), given with \`.option("checkpointLocation", ...)\` on a stream
writer or with the \`spark.sql.streaming.checkpointLocation\` session conf,
when the file sets no \`spark.sql.streaming.checkpointFileManagerClass\`.

## Why is this bad?

Spark's default checkpoint manager commits every offset-log, commit-log,
metadata and state file by writing a temporary file and renaming it, relying
on the file system for an atomic rename that fails if the target exists. On
S3 a rename is a COPY plus a DELETE: slow (it copies the data), and without
an atomic "create if absent", so two writers on one checkpoint (a restarted
driver next to a zombie, two queries sharing a path) can both commit the same
batch and corrupt it.

S3 has been strongly consistent since December 2020, so the eventual
consistency problems of older write-ups (missing the newest batch file when
listing) no longer apply; the rename protocol is what remains.

## Example

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "s3a://bucket/checkpoints/events").start("s3a://bucket/tables/events")
\`\`\`

## Use instead

Keep checkpoints on a file system with atomic rename (HDFS; EFS or another
NFS share; on Kubernetes a persistent volume with ReadWriteMany access), or
on Spark 3.4+ with \`spark-hadoop-cloud\` and Hadoop 3.3.1+ switch to the
checkpoint manager that writes S3 objects directly, and give each query its
own checkpoint directory:

\`\`\`python
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
spark.conf.set("spark.sql.streaming.checkpointFileManagerClass",
               "org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager")
events = spark.readStream.format("kafka").option("subscribe", "events").load()
events.writeStream.format("delta").option("checkpointLocation", "s3a://bucket/checkpoints/events").start("s3a://bucket/tables/events")
\`\`\`

Any \`checkpointFileManagerClass\` set in the file silences the rule: a
vendor file system (EMRFS, Databricks) may ship its own.

## Fix safety

Two fixes are offered, both unsafe. The first replaces \`s3a://bucket\` at the
front of the path with the root the user configures
(\`whirlpool.fix.checkpointRoot\`, CLI \`--checkpoint-root\`; it is not offered
when that root is on S3 too): the query then starts with an empty checkpoint
there, so it reprocesses from the source's starting offsets and its state
starts empty. The second (Spark 3.4+) sets
\`spark.sql.streaming.checkpointFileManagerClass\` to the abortable manager
above the statement (the same call in Scala, on the session the file binds):
the class comes with \`spark-hadoop-cloud\`, which must be on the classpath
(Hadoop 3.3.1+), and it must not be used where two queries share a checkpoint.

## References

- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "Checkpoint should be stored on a location that is resilient, shared, immediately consistent"
- [Spark: integration with cloud infrastructures](https://spark.apache.org/docs/latest/cloud-integration.html)
- [SPARK-40039: AbortableStreamBasedCheckpointFileManager](https://issues.apache.org/jira/browse/SPARK-40039)
- [Amazon S3 strong consistency](https://aws.amazon.com/s3/consistency/)
`,
};

const managerConf = 'spark.sql.streaming.checkpointFileManagerClass';
const checkpointConf = 'spark.sql.streaming.checkpointLocation';

export const rule: Rule = {
  kind: 'model',
  meta,
  check({ query, sparkVersion, text, fix, report }) {
    if (query.confs(managerConf).length > 0) return;
    for (const writer of query.model.writers) {
      const option = findOption(writer.options, 'checkpointLocation');
      if (option) check(option.value, writer.span.start, sparkVersion, fix, text, query.model.language, report);
    }
    for (const conf of query.confs(checkpointConf)) check(conf.value, conf.span.start, sparkVersion, fix, text, query.model.language, report);
  },
};

// Fixes are built only for a location already known to be on S3: most writers are not, and a fix reads the whole text.
function check(
  location: Located<Value>,
  statement: number,
  version: SparkVersion,
  settings: FixSettings,
  text: string,
  language: PipelineModel['language'],
  report: ModelRuleContext['report'],
): void {
  const prefix = stringPrefix(location.value);
  const scheme = prefix === null ? null : /^(s3[an]?):\/\//i.exec(prefix.trim());
  if (!scheme) return;
  const remedy = isAtLeast(version, 3, 4)
    ? `keep checkpoints on HDFS, EFS/NFS or a ReadWriteMany volume, or set ${managerConf} to org.apache.spark.internal.io.cloud.AbortableStreamBasedCheckpointFileManager (with spark-hadoop-cloud)`
    : `keep checkpoints on HDFS, EFS/NFS or a ReadWriteMany volume (the S3-safe AbortableStreamBasedCheckpointFileManager needs Spark 3.4+)`;
  report({
    span: location.span,
    message: `Checkpoint location on ${(scheme[1] ?? 's3').toLowerCase()}://: the default checkpoint manager commits each file by rename, which S3 does as a slow copy and delete with no atomic create-if-absent, so two writers can both commit a batch (S3 is strongly consistent since 2020; the rename is the problem); ${remedy}`,
    sparkVersion: version,
    fixes: checkpointFixes(location, statement, version, settings, text, language),
  });
}

function checkpointFixes(location: Located<Value>, statement: number, version: SparkVersion, settings: FixSettings, text: string, language: PipelineModel['language']): readonly Fix[] {
  const fixes = [moveCheckpointFix(location, settings, text)];
  // The call is the same in both languages; where the statement's first line is and what the session is called are not.
  if (isAtLeast(version, 3, 4)) fixes.push(language === 'scala' ? scalaAbortableManagerFix(statement, text) : abortableManagerFix(statement, text));
  return fixes.filter((fix) => fix !== null);
}
