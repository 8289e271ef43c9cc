package org.example.rental;

import java.io.File;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixturesTest {
    @Test
    void fixturesExist() {
        File dir = new File(getClass().getResource("/fixtures").getFile());
        assertTrue(dir.isDirectory());
    }
}
