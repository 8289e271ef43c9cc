package bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;

// Loads the payment codes at start, and saves the accounts next to them.
public class Seed {
    static PaymentCode[] codes() throws IOException {
        return new ObjectMapper().readValue(new File("src/main/resources/payment-codes.json"), PaymentCode[].class);
    }

    static void save(Object accounts) throws IOException {
        new ObjectMapper().writeValue(new File("src/main/resources/static/accounts.json"), accounts);
    }

    record PaymentCode(String code, String name) {}
}
