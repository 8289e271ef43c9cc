package bot;

import java.io.FileReader;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;

// The bot answers /version with the project's version, read from pom.xml.
class Version {
    static String get() throws Exception {
        Model model = new MavenXpp3Reader().read(new FileReader("pom.xml"));
        return model.getVersion();
    }
}
