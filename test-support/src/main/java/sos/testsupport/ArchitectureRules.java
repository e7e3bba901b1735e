package sos.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules every module's ArchitectureTest checks. Domain code lives in {@code sos.contracts} and in each service's
 * {@code domain} packages; adapters (controllers, listeners, configuration) live beside them and translate in one line.
 */
public final class ArchitectureRules {

    private ArchitectureRules() {}

    /** Domain code imports no Spring, Kafka, servlet or JDBC types, so that it is testable without any of them. */
    public static final ArchRule DOMAIN_IS_FRAMEWORK_FREE = noClasses()
            .that()
            .resideInAnyPackage("sos.*.domain..", "sos.contracts..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "jakarta.servlet..", "javax.servlet..", "java.sql..")
            .allowEmptyShould(false)
            .because("domain logic must be testable without a framework, a broker or a database");

    /** The same rule for the contracts jar, where Kafka's Serializer interface is the one allowed framework type. */
    public static final ArchRule CONTRACTS_HAVE_NO_SPRING = noClasses()
            .that()
            .resideInAPackage("sos.contracts..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.servlet..", "java.sql..")
            .because("the contract is its own small jar that any client can use");
}
