// Command notes links SQLite, which the build installs with apt-get as
// libsqlite3-dev: the runtime needs the library package, libsqlite3-0. It
// prints SQLite's major version (a Debian update between two builds may
// change the rest) and a query's answer.
package main

/*
#cgo LDFLAGS: -lsqlite3
#include <stdlib.h>
#include <sqlite3.h>

static int answer(void) {
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) return -1;
	if (sqlite3_prepare_v2(db, "SELECT 6 * 7", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}
*/
import "C"

import "fmt"

func main() {
	fmt.Printf("sqlite %d: 6 * 7 = %d\n", C.sqlite3_libversion_number()/1000000, C.answer())
}
