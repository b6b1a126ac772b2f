// Device alerts: read data-hall sensor readings from Kafka, count the
// readings over a threshold per device in 5-minute windows, and write the
// counts to the operations database that the on-call dashboard reads.
//
// Written the way the talk's own job was: a Scala query with a JDBC sink.
// Shows three pitfalls: Spark has no streaming JDBC sink, the checkpoint is on
// S3 (whose missing atomic rename the checkpoint protocol relies on), and the
// windowed aggregation has no watermark, so its state grows for ever.
package com.example.alerts

import org.apache.spark.sql.SparkSession
import org.apache.spark.sql.functions._
import org.apache.spark.sql.streaming.{OutputMode, Trigger}
import org.apache.spark.sql.types.{DoubleType, StringType, StructType, TimestampType}

object DeviceAlertsToPostgres {
  def main(args: Array[String]): Unit = {
    val spark = SparkSession.builder()
      .appName("device-alerts")
      .getOrCreate()
    import spark.implicits._

    val readingSchema = new StructType()
      .add("device_id", StringType)
      .add("temperature", DoubleType)
      .add("reading_time", TimestampType)

    val readings = spark.readStream
      .format("kafka")
      .option("kafka.bootstrap.servers", "broker:9092")
      .option("subscribe", "sensor-readings")
      .load()
      .select(from_json($"value".cast("string"), readingSchema).as("r"))
      .select("r.*")

    val alerts = readings
      .filter($"temperature" > 27.0) // degrees Celsius: above the recommended data-hall range
      .groupBy(window($"reading_time", "5 minutes"), $"device_id")
      .count()

    alerts.writeStream
      .queryName("device_alerts")
      .format("jdbc")
      .option("url", "jdbc:postgresql://ops-db:5432/operations")
      .option("dbtable", "device_alerts")
      .option("user", "alerts_writer")
      .option("driver", "org.postgresql.Driver")
      .option("checkpointLocation", "s3a://ops-checkpoints/device_alerts")
      .outputMode(OutputMode.Update())
      .trigger(Trigger.ProcessingTime("1 minute"))
      .start()
      .awaitTermination()
  }
}
