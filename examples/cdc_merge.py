"""Apply a CDC feed to a Delta table with MERGE in foreachBatch, idempotently."""
from delta.tables import DeltaTable
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.getOrCreate()

changes = (spark.readStream
           .format("delta")
           .option("readChangeFeed", "true")
           .table("bronze.customers_cdc")
           .withWatermark("_commit_timestamp", "1 hour")
           .dropDuplicatesWithinWatermark(["customer_id", "_commit_version"]))


def upsert_batch(batch_df, batch_id):
    target = DeltaTable.forName(spark, "silver.customers")
    (target.alias("t")
     .merge(batch_df.alias("s"), "t.customer_id = s.customer_id")
     .whenMatchedUpdateAll()
     .whenNotMatchedInsertAll()
     .execute())
    spark.sql(f"INSERT INTO ops.applied_batches VALUES ('customers', {batch_id})")


(changes.writeStream
    .foreachBatch(upsert_batch)
    .option("checkpointLocation", "/mnt/checkpoints/customers-merge")
    .trigger(processingTime="1 minute")
    .start())
