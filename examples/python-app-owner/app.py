# A service that keeps its state in its working folder, as a Django
# project keeps db.sqlite3 beside manage.py: the folder must be its user's.
import json
import os
import pwd

with open("state.json", "w") as f:
    json.dump({"visits": 1}, f)
user = pwd.getpwuid(os.getuid()).pw_name
print(f"{user} wrote state.json in {os.getcwd()}")
