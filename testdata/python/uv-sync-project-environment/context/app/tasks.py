from celery import Celery

app = Celery("crawler", broker="redis://redis:6379/0")
