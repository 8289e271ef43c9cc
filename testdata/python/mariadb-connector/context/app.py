import mariadb

print(mariadb.__version__)
