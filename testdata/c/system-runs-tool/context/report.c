#include <stdlib.h>

int main(void) {
    /* curl is in the gcc image (buildpack-deps), not in debian slim. */
    return system("curl -fsS https://example.com/health > /tmp/health");
}
