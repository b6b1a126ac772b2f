"""Export the day's new orders from the silver Delta table to Parquet for the
finance team's warehouse loader. Scheduled nightly: each run picks up what
arrived since the last one and stops."""
from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.appName("nightly-orders-export").getOrCreate()

orders = (spark.readStream
          .format("delta")
          .table("silver.orders")
          .where(F.col("status") == "PAID")
          .select("order_id", "customer_id", "amount", "currency", "paid_at"))

(orders.writeStream
    .format("parquet")
    .option("path", "/mnt/exports/finance/orders")
    .option("checkpointLocation", "/mnt/checkpoints/finance-orders-export")
    .trigger(once=True)
    .start())
