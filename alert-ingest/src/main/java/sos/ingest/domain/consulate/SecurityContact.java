package sos.ingest.domain.consulate;

/** Someone responders may call about a consulate's alert (regional security officer, duty officer, ...). */
public record SecurityContact(String name, String role, String phone, String email) {

    public SecurityContact {
        Consulate.requireText(name, "security contact name");
    }
}
