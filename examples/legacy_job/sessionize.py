"""A 2017-era job: sessionise clicks with a watermark, checkpointed on HDFS."""
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, window

spark = SparkSession.builder.appName("sessionize").getOrCreate()

clicks = (spark.readStream
          .format("kafka")
          .option("kafka.bootstrap.servers", "broker:9092")
          .option("subscribe", "clicks")
          .load()
          .selectExpr("CAST(key AS STRING) AS user", "timestamp"))

sessions = (clicks
            .withWatermark("timestamp", "10 minutes")
            .groupBy(window(col("timestamp"), "30 minutes"), col("user"))
            .count())

query = (sessions.writeStream
         .outputMode("append")
         .format("parquet")
         .option("path", "hdfs:///data/sessions")
         .option("checkpointLocation", "hdfs:///checkpoints/sessions")
         .start())
