def start():
    return "hi"
