"""A chat bot whose /version command answers with the deployed commit."""
import asyncio
import os

from aiogram import Bot, Dispatcher
from aiogram.filters import Command
from aiogram.types import Message

dp = Dispatcher()


@dp.message(Command("version"))
async def version(message: Message):
    proc = await asyncio.create_subprocess_exec(
        "git", "-C", "/srv/site", "log", "-1", "--format=%h %s",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await proc.communicate()
    await message.answer(out.decode() or "unknown")


async def main():
    await dp.start_polling(Bot(os.environ["BOT_TOKEN"]))


asyncio.run(main())
