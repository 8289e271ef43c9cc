#include <stdio.h>
#include <libxml/parser.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: feedcheck FILE\n");
        return 2;
    }
    xmlDocPtr doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET);
    if (doc == NULL) {
        return 1;
    }
    xmlFreeDoc(doc);
    puts("well-formed");
    return 0;
}
