import os

import requests
from dotenv import load_dotenv

load_dotenv()
print(requests.get("https://example.org", headers={"Authorization": os.environ["TOKEN"]}).status_code)
