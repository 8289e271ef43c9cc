package org.example.rental;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.stereotype.Component;

@Component
public class CityCatalog {
    public String load() throws IOException {
        File file = new File(getClass().getClassLoader().getResource("data/cities.json").getFile());
        return Files.readString(file.toPath());
    }
}
