"""A Telegram bot that updates and reports on the app it looks after."""
import os

from telegram.ext import ApplicationBuilder, CommandHandler

from .shell import run_step


async def update(update, context):
    out = run_step("Updating", "git pull --ff-only && git log -1 --oneline")
    await update.message.reply_text(out[-3000:])


async def health(update, context):
    out = run_step(title="Health", command="curl -fsS http://app:8000/health", timeout=10)
    await update.message.reply_text(out or "no answer")


def main():
    app = ApplicationBuilder().token(os.environ["TOKEN"]).build()
    app.add_handler(CommandHandler("update", update))
    app.add_handler(CommandHandler("health", health))
    app.run_polling()


if __name__ == "__main__":
    main()
