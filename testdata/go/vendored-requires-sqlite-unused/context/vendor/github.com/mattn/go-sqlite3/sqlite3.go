package sqlite3

/*
#include <stdlib.h>
*/
import "C"
