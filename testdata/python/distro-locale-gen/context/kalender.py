import locale
import time

from babel.dates import format_date

locale.setlocale(locale.LC_ALL, "")
print(time.strftime("%A, %d. %B %Y"), format_date(locale="de_DE"))
