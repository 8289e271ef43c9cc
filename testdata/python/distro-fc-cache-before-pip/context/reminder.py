import time

import schedule

schedule.every().day.at("09:00").do(lambda: print("stand-up"))
while True:
    schedule.run_pending()
    time.sleep(30)
