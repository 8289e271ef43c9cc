#!/usr/bin/env node
// Checks that every URL given answers with a 2xx status.
import { $, argv } from "zx";

$.verbose = false;
let failed = 0;
for (const url of argv._) {
  const code = (await $`curl -s -o /dev/null -w %{http_code} ${url}`).stdout.trim();
  if (!code.startsWith("2")) {
    console.error(`${url}: ${code}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
