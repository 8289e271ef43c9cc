int tile_count() { return 64; }
