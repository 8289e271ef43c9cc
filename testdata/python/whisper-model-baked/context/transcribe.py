import whisper

print(whisper.load_model("base").transcribe("in.wav")["text"])
