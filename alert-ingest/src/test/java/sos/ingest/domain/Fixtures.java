package sos.ingest.domain;

import java.security.SecureRandom;
import java.util.List;
import sos.ingest.domain.consulate.ApiKey;
import sos.ingest.domain.consulate.Consulate;
import sos.ingest.domain.consulate.ConsulateRegistry;
import sos.ingest.domain.consulate.PinHash;
import sos.ingest.domain.consulate.Premises;
import sos.ingest.domain.consulate.SecurityContact;
import sos.testsupport.Karachi;

/** A small registry for unit tests. */
public final class Fixtures {

    public static final String SECRET = "unit-test-secret";
    public static final String PIN = "2468";
    public static final String DURESS_PIN = "1357";
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final Consulate GERMANY = new Consulate(
            "consulate-de",
            "Consulate General of Germany (demo)",
            "DE",
            List.of(new Premises("chancery", "Chancery, Clifton Block 4", "Block 4, Clifton", Karachi.CLIFTON)),
            List.of(new ApiKey("de-1", SECRET), new ApiKey("de-retired", ""), new ApiKey("de-0", SECRET, true)),
            List.of(new SecurityContact("Duty officer", "RSO", "+92-21-0", "rso@de.example")),
            PinHash.of(PIN, PinHash.MIN_ITERATIONS, RANDOM),
            PinHash.of(DURESS_PIN, PinHash.MIN_ITERATIONS, RANDOM));
    public static final Consulate JAPAN = new Consulate(
            "consulate-jp",
            "Consulate General of Japan (demo)",
            "JP",
            List.of(),
            List.of(new ApiKey("jp-1", "another-secret")));

    private Fixtures() {}

    public static ConsulateRegistry registry() {
        return new ConsulateRegistry(List.of(GERMANY, JAPAN));
    }
}
