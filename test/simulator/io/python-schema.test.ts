import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaFromPython } from '../../../simulator/src/generate/python-schema';
import { parseDdlSchema } from '../../../simulator/src/io/ddl';

const code = `
from pyspark.sql.types import *
import pyspark.sql.types as T

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

test('StructType text, nested and referring to other variables, becomes columns', () => {
  assert.deepEqual(schemaFromPython('order_schema', code), {
    kind: 'schema',
    columns: [
      { name: 'order_id', type: 'string' },
      { name: 'amount', type: 'decimal(10,2)' },
      { name: 'tags', type: 'array<string>' },
      { name: 'attrs', type: 'map<string,int>' },
      { name: 'device', type: 'struct<id:bigint,os:string>' },
      { name: 'order_time', type: 'timestamp' },
    ],
  });
});

test('StructType().add chains and DDL strings (also by variable) become columns', () => {
  assert.deepEqual(schemaFromPython('added', code), { kind: 'schema', columns: [{ name: 'user', type: 'string' }, { name: 'ts', type: 'timestamp' }] });
  assert.deepEqual(schemaFromPython('ddl', code), { kind: 'schema', columns: [{ name: 'user_id', type: 'string' }, { name: 'ts', type: 'timestamp' }] });
  assert.deepEqual(schemaFromPython('"a INT, `b c` LONG NOT NULL COMMENT \'x\'"', code), { kind: 'schema', columns: [{ name: 'a', type: 'int' }, { name: 'b c', type: 'bigint' }] });
});

test('what is not a schema says why', () => {
  assert.equal(schemaFromPython('missing_schema', code).kind, 'none');
  assert.match(JSON.stringify(schemaFromPython('missing_schema', code)), /no assignment to 'missing_schema'/);
  assert.equal(schemaFromPython('load_schema("x")', code).kind, 'none');
  assert.equal(parseDdlSchema('a INT,, b').kind, 'error');
  assert.deepEqual(parseDdlSchema('struct<a:int,b:array<struct<c:string>>>'), {
    kind: 'schema',
    columns: [{ name: 'a', type: 'int' }, { name: 'b', type: 'array<struct<c:string>>' }],
  });
});
