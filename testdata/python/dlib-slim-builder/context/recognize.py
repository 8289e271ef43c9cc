import dlib
