set -e
curl -fsS -X POST "$HOOK_URL" -d deployed
