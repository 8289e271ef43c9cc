import requests

print(requests.get("https://example.org/health", timeout=5).status_code)
