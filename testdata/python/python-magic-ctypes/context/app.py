import magic
