# Databricks notebook source
# Sensor readings rolled up per minute, then per hour, then written to the
# operations database. Shows aggregations stacked on aggregations, a
# non-time window function on a stream, and the missing JDBC sink.

from pyspark.sql import functions as F
from pyspark.sql.window import Window

readings = (spark.readStream
            .format("json")
            .schema("sensor_id STRING, site STRING, reading DOUBLE, ts TIMESTAMP")
            .load("/mnt/landing/sensors"))

# COMMAND ----------

per_minute = (readings
              .groupBy(F.window("ts", "1 minute"), "sensor_id")
              .agg(F.avg("reading").alias("avg_reading")))

per_hour = (per_minute
            .groupBy(F.window(F.col("window"), "1 hour"), "sensor_id")
            .agg(F.max("avg_reading").alias("peak")))

# COMMAND ----------

latest_first = Window.partitionBy("sensor_id").orderBy(F.col("ts").desc())
ranked = readings.withColumn("rank", F.row_number().over(latest_first))

# COMMAND ----------

(per_hour.writeStream
    .outputMode("update")
    .format("jdbc")
    .option("url", "jdbc:postgresql://ops:5432/ops")
    .option("dbtable", "sensor_peaks")
    .option("checkpointLocation", "/mnt/checkpoints/sensor-peaks")
    .start())

(ranked.writeStream
    .format("delta")
    .option("checkpointLocation", "/mnt/checkpoints/sensor-ranked")
    .toTable("ops.sensor_ranked"))
