/* A PostgreSQL client linked against libpq, which the build installs with
 * apt-get as libpq-dev: the runtime needs the library package, libpq5. It
 * prints the major version of the libpq it loaded (the minor one may differ
 * between two builds a Debian update apart) and what connecting to a server
 * that is not there reports. */
#include <stdio.h>
#include <string.h>
#include <libpq-fe.h>

int main(void) {
	PGconn *conn = PQconnectdb("host=/nonexistent dbname=shop connect_timeout=1");
	printf("libpq %d\n", PQlibVersion() / 10000);
	if (PQstatus(conn) == CONNECTION_OK) {
		printf("connected\n");
	} else {
		const char *msg = PQerrorMessage(conn);
		printf("not connected: %.*s\n", (int)strcspn(msg, "\n"), msg);
	}
	PQfinish(conn);
	return 0;
}
