def get_app():
    pass
