"""Page views per page per 5-minute window, late data tolerated for 10 minutes.

This is the job the README simulates: `whirlpool simulate` replays
examples/events/clicks.jsonl through it into a SQLite file.
"""
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("clickstream-counts").getOrCreate()

clicks = (spark.readStream
          .format("json")
          .schema("user_id STRING, page STRING, event_time TIMESTAMP")
          .option("maxFilesPerTrigger", 1)
          .load("/data/clicks"))

counts = (clicks
          .withWatermark("event_time", "10 minutes")
          .groupBy(F.window("event_time", "5 minutes"), "page")
          .agg(F.count("*").alias("views"), F.approx_count_distinct("user_id").alias("visitors")))

query = (counts.writeStream
         .outputMode("append")
         .format("delta")
         .option("checkpointLocation", "/mnt/checkpoints/clickstream-counts")
         .trigger(processingTime="1 minute")
         .start("/mnt/tables/page_views"))
