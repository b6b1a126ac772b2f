"""Enrich a stream of orders with customer data from the CRM database and
write per-customer totals to the reporting database.

Shows the talk's stream-static pitfalls: the JDBC static side is queried
again on every micro-batch, and the cached product catalogue never sees
updates.
"""
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType, StructField, StringType, DoubleType, TimestampType

spark = (SparkSession.builder
         .appName("orders-enrichment")
         .config("spark.sql.shuffle.partitions", "64")
         .getOrCreate())

order_schema = StructType([
    StructField("order_id", StringType()),
    StructField("customer_id", StringType()),
    StructField("product_id", StringType()),
    StructField("amount", DoubleType()),
    StructField("order_time", TimestampType()),
])

orders = (spark.readStream
          .format("kafka")
          .option("kafka.bootstrap.servers", "broker:9092")
          .option("subscribe", "orders")
          .load()
          .select(F.from_json(F.col("value").cast("string"), order_schema).alias("o"))
          .select("o.*"))

# The CRM is a live database: every micro-batch re-runs this query in full.
customers = (spark.read
             .format("jdbc")
             .option("url", "jdbc:postgresql://crm:5432/crm")
             .option("dbtable", "public.customers")
             .option("user", "reporting")
             .load())

# Cached once: price changes made after the query starts are never seen.
products = spark.read.parquet("s3a://warehouse/dim/products").cache()

enriched = (orders
            .join(customers, "customer_id", "left")
            .join(products, "product_id", "left"))

totals = (enriched
          .withWatermark("order_time", "30 minutes")
          .groupBy(F.window("order_time", "10 minutes"), "customer_id")
          .agg(F.sum("amount").alias("total")))

query = (totals.writeStream
         .outputMode("append")
         .format("delta")
         .option("checkpointLocation", "s3a://checkpoints/orders-enrichment")
         .start("s3a://warehouse/reporting/customer_totals"))
