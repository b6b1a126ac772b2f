"""Land raw Kafka events into a bronze Delta table, exactly once."""
from pyspark.sql import SparkSession
import pyspark.sql.functions as F

spark = SparkSession.builder.appName("bronze-events").getOrCreate()

raw = (spark.readStream
       .format("kafka")
       .option("kafka.bootstrap.servers", "broker:9092")
       .option("subscribe", "events")
       .option("startingOffsets", "earliest")
       .option("maxOffsetsPerTrigger", 100000)
       .load())

bronze = raw.select(
    F.col("key").cast("string").alias("key"),
    F.col("value").cast("string").alias("payload"),
    "topic", "partition", "offset",
    F.col("timestamp").alias("ingested_at"),
)

query = (bronze.writeStream
         .format("delta")
         .option("checkpointLocation", "/mnt/checkpoints/bronze-events")
         .trigger(availableNow=True)
         .toTable("bronze.events"))
