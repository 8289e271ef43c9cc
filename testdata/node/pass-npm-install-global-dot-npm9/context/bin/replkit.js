#!/usr/bin/env node
require("../lib").start();
