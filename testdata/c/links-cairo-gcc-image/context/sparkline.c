/* Draws a sparkline of the numbers on standard input into a PNG. */
#include <cairo.h>
#include <stdio.h>

int main(void) {
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 40);
    cairo_t *cr = cairo_create(s);
    double x = 0, y;
    while (scanf("%lf", &y) == 1) {
        cairo_line_to(cr, x, 40 - y);
        x += 4;
    }
    cairo_stroke(cr);
    cairo_surface_write_to_png(s, "/dev/stdout");
    return 0;
}
