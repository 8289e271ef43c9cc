import cx_Oracle
