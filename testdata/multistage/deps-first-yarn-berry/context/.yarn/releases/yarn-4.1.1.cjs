#!/usr/bin/env node
// the Yarn release the project pins (stand-in)
