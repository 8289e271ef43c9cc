import gssapi
