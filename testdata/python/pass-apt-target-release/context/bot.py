import pydub
