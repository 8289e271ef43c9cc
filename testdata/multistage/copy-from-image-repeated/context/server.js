require("amqplib");
