const Kafka = require("node-rdkafka");

const consumer = new Kafka.KafkaConsumer({ "group.id": "events", "metadata.broker.list": process.env.BROKERS }, {});
consumer.connect();
