"""A departures board for a kiosk screen, shown through the host's X server."""
import tkinter as tk

import requests

root = tk.Tk()
label = tk.Label(root, font=("Helvetica", 48))
label.pack()


def refresh():
    label.config(text=requests.get("http://departures.local/next", timeout=5).text)
    root.after(30000, refresh)


refresh()
root.mainloop()
