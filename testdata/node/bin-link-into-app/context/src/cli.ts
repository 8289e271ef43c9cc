#!/usr/bin/env node
import { Command } from "commander";
import { serve } from "./server.js";
new Command("mailq").command("serve").action(() => serve(process.env.MAILQ_DATA_DIR ?? "/data")).parse();
