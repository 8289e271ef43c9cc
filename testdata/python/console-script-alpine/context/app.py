def application(env, start):
    start("200 OK", [])
    return [b"ok"]
