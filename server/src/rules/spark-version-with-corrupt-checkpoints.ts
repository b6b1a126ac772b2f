// A build file pinning Spark 2.2.0, whose state store can corrupt checkpoints (SPARK-21696).

import { buildFileFormat, sparkPins } from './build-file-pins';
import type { Rule, RuleMeta } from './rule';

export const meta: RuleMeta = {
  id: 'spark-version-with-corrupt-checkpoints',
  code: 'WP709',
  severity: 'warning',
  summary: 'Spark 2.2.0 can write partial state snapshots that leave a streaming checkpoint unrecoverable (SPARK-21696)',
  sparkVersions: '2.2.0 (fixed in 2.2.1)',
  fixSafety: 'unsafe',
  doc: `## What it does

Flags a build file that pins Spark 2.2.0: \`pyspark==2.2.0\` in
\`requirements*.txt\`, \`pyproject.toml\` (PEP 621 or Poetry), \`setup.py\`,
\`setup.cfg\` or a conda \`environment.yml\`; an \`org.apache.spark\` artifact
at 2.2.0 in \`pom.xml\` (directly or through a \`\${property}\`) or
\`build.sbt\` (directly or through a \`val\`). The finding sits on the version
text.

## Why is this bad?

In Spark 2.2.0 the HDFS-backed state store wrote its \`<version>.snapshot\`
files straight to their final path. An executor that died mid-write left a
partial snapshot behind; on restart the provider loaded it and failed, so
the query could not restart from its checkpoint (SPARK-21696). The only way
out was deleting the checkpoint, which loses the state and the progress. The
fix (write to a temporary file, then rename) shipped in 2.2.1.

## Example

\`\`\`text file=requirements.txt
pyspark==2.2.0
kafka-python==1.4.7
\`\`\`

## Use instead

\`\`\`text file=requirements.txt
pyspark==2.2.1
kafka-python==1.4.7
\`\`\`

Better, move to a current Spark release: Structured Streaming gained a lot
since 2.2.

## Fix safety

The fix pins 2.2.1 where the file pins 2.2.0: the patch release of the same
line, which carries the fix, on the version text itself (so a Maven property
or an sbt \`val\` changes once for every artifact that uses it). It is
unsafe: it changes the Spark the job runs on, and the cluster's Spark must
match the pin, which the file cannot tell. It is never applied on save.

## References

- Jayesh Lalwani, *Whirlpools in the Stream* (Spark+AI Summit): "Checkpoints had a great fall", fixed in 2.2.1
- [SPARK-21696](https://issues.apache.org/jira/browse/SPARK-21696)
- [apache/spark#18928: fix a potential issue that may generate partial snapshot files](https://github.com/apache/spark/pull/18928)
`,
};

export const rule: Rule = {
  kind: 'build',
  meta,
  check({ path, text, report }) {
    const format = buildFileFormat(path);
    if (!format) return;
    for (const pin of sparkPins(format, text)) {
      if (pin.version !== '2.2.0') continue;
      report({
        span: pin.span,
        fixes: [{ title: 'Pin Spark 2.2.1, the 2.2 patch release with the fix', safety: 'unsafe', edits: () => [{ span: pin.span, newText: '2.2.1' }] }],
        message: `Spark 2.2.0 pinned (${pin.what}): its state store can leave a partial snapshot file when an executor dies mid-write, after which the query cannot restart from its checkpoint and only deleting the checkpoint (losing state) recovers it (SPARK-21696); pin 2.2.1 or later`,
      });
    }
  },
};
