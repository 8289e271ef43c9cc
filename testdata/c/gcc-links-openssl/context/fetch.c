#include <openssl/ssl.h>

int main(void) { return OPENSSL_init_ssl(0, NULL) ? 0 : 1; }
