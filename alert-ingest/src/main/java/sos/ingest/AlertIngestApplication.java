package sos.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AlertIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(AlertIngestApplication.class, args);
    }
}
