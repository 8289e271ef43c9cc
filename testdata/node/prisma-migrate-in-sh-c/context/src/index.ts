import express from "express";
import { PrismaClient } from "@prisma/client";

const app = express();
const db = new PrismaClient();
app.get("/orders", async (_req, res) => res.json(await db.order.findMany()));
app.listen(3000);
