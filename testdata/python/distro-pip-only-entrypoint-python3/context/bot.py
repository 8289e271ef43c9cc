import os
from telegram.ext import Updater

Updater(os.environ["TOKEN"]).start_polling()
