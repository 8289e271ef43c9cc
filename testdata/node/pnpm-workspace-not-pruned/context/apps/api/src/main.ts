import Fastify from "fastify"; import { greet } from "@ledger/shared"; Fastify().get("/", async () => greet()).listen({ port: 3000, host: "0.0.0.0" });
