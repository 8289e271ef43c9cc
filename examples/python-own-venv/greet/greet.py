"""A package of the build context, installed into the file's own virtualenv."""


def hello(name):
    return "Hello, %s, from a virtualenv" % name
