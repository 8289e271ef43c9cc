#!/bin/bash
set -euo pipefail
wait-for-it db:5432 -- "$@"
