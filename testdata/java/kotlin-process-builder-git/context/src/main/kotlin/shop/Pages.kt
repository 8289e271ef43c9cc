package shop

import java.nio.file.Path

// Serves the pages from the pages folder beside the jar's working folder.
object Pages {
    val root: Path = Path.of("pages")
}
