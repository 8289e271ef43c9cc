from django.db import models


class Entry(models.Model):
    title = models.CharField(max_length=200)
    written = models.DateTimeField(auto_now_add=True)
