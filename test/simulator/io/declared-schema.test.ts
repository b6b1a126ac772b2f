// The schema the generator uses is the one the front end read into the model:
// StructType values (nested, by variable, `.add` chains, module prefixes) and
// DDL strings, for a reader's `.schema(...)` and for `from_json` downstream of
// a Kafka source. What the front end could not read is refused with a reason.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kafkaValueSchema, readerSchema } from '../../../simulator/src/generate/declared-schema';
import { parseDdlSchema } from '../../../simulator/src/io/ddl';
import { parsePython } from '../../../server/src/python/parse';

const declarations = `
from pyspark.sql.types import *
import pyspark.sql.types as T
from pyspark.sql import functions as F

device = StructType([StructField("id", LongType()), StructField("os", StringType(), True)])

order_schema = StructType([
    StructField("order_id", StringType()),   # unique
    StructField("amount", DecimalType(10, 2)),
    StructField("tags", ArrayType(StringType())),
    StructField("attrs", MapType(StringType(), IntegerType())),
    StructField("device", device),
    T.StructField("order_time", T.TimestampType(), False),
])

added = StructType().add("user", StringType()).add("ts", "timestamp")
ddl = "user_id STRING, " "ts TIMESTAMP"
`;

async function readerSchemaOf(schemaExpression: string): Promise<ReturnType<typeof readerSchema>> {
  const code = `${declarations}events = spark.readStream.schema(${schemaExpression}).json("in")\n`;
  const { model } = await parsePython(code);
  const source = model.nodes.find((node) => node.kind === 'source');
  assert.ok(source, 'the job has a source');
  return readerSchema(model, source.id, code);
}

async function kafkaSchemaOf(schemaExpression: string): Promise<ReturnType<typeof kafkaValueSchema>> {
  const code = `${declarations}raw = spark.readStream.format("kafka").option("subscribe", "t").load()
parsed = raw.select(F.from_json(F.col("value").cast("string"), ${schemaExpression}).alias("e")).select("e.*")
`;
  const { model } = await parsePython(code);
  const source = model.nodes.find((node) => node.kind === 'source');
  assert.ok(source, 'the job has a source');
  return kafkaValueSchema(model, source.id, code);
}

const orderColumns = [
  { name: 'order_id', type: 'string' },
  { name: 'amount', type: 'decimal(10,2)' },
  { name: 'tags', type: 'array<string>' },
  { name: 'attrs', type: 'map<string,int>' },
  { name: 'device', type: 'struct<id:bigint,os:string>' },
  { name: 'order_time', type: 'timestamp' },
];

test('a StructType, nested and referring to other variables, becomes columns', async () => {
  assert.deepEqual(await readerSchemaOf('order_schema'), { kind: 'schema', columns: orderColumns });
  assert.deepEqual(await kafkaSchemaOf('order_schema'), { kind: 'schema', columns: orderColumns });
});

test('StructType().add chains and DDL strings (also by variable) become columns', async () => {
  const userTs = { kind: 'schema', columns: [{ name: 'user', type: 'string' }, { name: 'ts', type: 'timestamp' }] };
  assert.deepEqual(await readerSchemaOf('added'), userTs);
  assert.deepEqual(await kafkaSchemaOf('added'), userTs);
  const userIdTs = { kind: 'schema', columns: [{ name: 'user_id', type: 'string' }, { name: 'ts', type: 'timestamp' }] };
  assert.deepEqual(await readerSchemaOf('ddl'), userIdTs);
  assert.deepEqual(await kafkaSchemaOf('ddl'), userIdTs);
  const quoted = { kind: 'schema', columns: [{ name: 'a', type: 'int' }, { name: 'b c', type: 'bigint' }] };
  assert.deepEqual(await readerSchemaOf('"a INT, `b c` LONG NOT NULL COMMENT \'x\'"'), quoted);
  assert.deepEqual(await kafkaSchemaOf('"a INT, `b c` LONG NOT NULL COMMENT \'x\'"'), quoted);
});

test('what is not a schema says why', async () => {
  assert.deepEqual(await readerSchemaOf('missing_schema'), { kind: 'none', reason: "cannot read a schema from 'missing_schema'" });
  assert.deepEqual(await readerSchemaOf('load_schema("x")'), { kind: 'none', reason: `cannot read a schema from 'load_schema("x")'` });
  assert.deepEqual(await kafkaSchemaOf('load_schema("x")'), { kind: 'none', reason: `cannot read a schema from 'load_schema("x")'` });
  assert.equal(parseDdlSchema('a INT,, b').kind, 'error');
  assert.deepEqual(parseDdlSchema('struct<a:int,b:array<struct<c:string>>>'), {
    kind: 'schema',
    columns: [{ name: 'a', type: 'int' }, { name: 'b', type: 'array<struct<c:string>>' }],
  });
});
