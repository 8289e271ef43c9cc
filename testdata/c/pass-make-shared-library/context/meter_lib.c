int reading(void) { return 42; }
