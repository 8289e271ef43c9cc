#!/usr/bin/node
"use strict";

const interval = Number(process.env.POLL_SECONDS || 30) * 1000;
setInterval(() => console.log("polling the queue"), interval);
