package main

// Where the tally keeps its counts between restarts.
const stateDir = "/var/lib/tally"
