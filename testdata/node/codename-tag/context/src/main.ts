import Fastify from "fastify";
Fastify().listen({ port: 8080 });
