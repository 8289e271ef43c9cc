import locale

locale.setlocale(locale.LC_ALL, "")
print(locale.currency(1234.5, grouping=True))
