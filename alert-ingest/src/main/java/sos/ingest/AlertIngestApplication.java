package sos.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class AlertIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(AlertIngestApplication.class, args);
    }
}
