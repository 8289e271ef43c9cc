int report(int v) { return v; }
