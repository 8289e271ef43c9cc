import flask
print(flask.__name__)
