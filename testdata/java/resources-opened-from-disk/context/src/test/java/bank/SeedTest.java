package bank;

// The tests read their fixtures from src/test/resources: not the program's.
class SeedTest {
    static final String FIXTURE = "src/test/resources/codes.json";
}
