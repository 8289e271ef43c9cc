package tools;

/** Bundles the repository and the database every night for the backup host. */
public class Backup {
    static int sh(String script) throws Exception {
        return new ProcessBuilder("bash", "-c", script).inheritIO().start().waitFor();
    }

    public static void main(String[] args) throws Exception {
        String target = System.getenv("BACKUP_URL");
        while (true) {
            sh("git -C /srv/repo bundle create /tmp/repo.bundle --all");
            sh("pg_dump \"$DATABASE_URL\" | gzip > /tmp/db.sql.gz");
            sh(String.format("curl -fsS -T /tmp/repo.bundle %s", target));
            Thread.sleep(24 * 3600 * 1000L);
        }
    }
}
