import aiogram

from handlers import start
