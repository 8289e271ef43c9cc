package shop

import java.nio.file.Path

// Serves the pages from the project's webapp folder, edited in place.
object Pages {
    val root: Path = Path.of("./src/main/webapp/")
}
