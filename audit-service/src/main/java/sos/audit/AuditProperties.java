package sos.audit;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * audit-service's own settings.
 *
 * @param analystToken the analysts' bearer tokens, comma-separated ({@code SOS_AUDIT_ANALYST_TOKEN})
 * @param adminToken the admins' bearer tokens, comma-separated ({@code SOS_AUDIT_ADMIN_TOKEN})
 * @param consulateTokens {@code consulate-id=token} pairs, comma-separated ({@code SOS_AUDIT_CONSULATE_TOKENS})
 * @param retry how storing a batch is retried
 */
@ConfigurationProperties("sos.audit")
record AuditProperties(
        String analystToken,
        String adminToken,
        String consulateTokens,
        @DefaultValue Retry retry,
        @DefaultValue Checkpoint checkpoint,
        @DefaultValue Kpi kpi) {

    /**
     * @param acceptRecipientKinds the recipient kinds whose {@code NotificationAcknowledged} is the alert's acceptance
     * @param acceptTarget, dispatchTarget, acknowledgementTarget, onSceneTarget the monthly report's targets
     */
    record Kpi(
            @DefaultValue("CONTROL_ROOM") List<String> acceptRecipientKinds,
            @DefaultValue("60s") Duration acceptTarget,
            @DefaultValue("60s") Duration dispatchTarget,
            @DefaultValue("180s") Duration acknowledgementTarget,
            @DefaultValue("15m") Duration onSceneTarget) {}

    /**
     * @param interval how often the chain head is verified and signed
     * @param keyFile where the generated key pair is kept when no key is given
     * @param privateKey base64 PKCS#8 Ed25519 private key (optional; with publicKey, wins over the file)
     * @param publicKey base64 X.509 Ed25519 public key
     */
    record Checkpoint(
            @DefaultValue("5m") Duration interval,

            @DefaultValue("data/audit-checkpoint-ed25519.key")
            String keyFile,

            String privateKey,
            String publicKey) {}

    /**
     * @param databaseInitialInterval first wait after the database could not be reached; doubles each time
     * @param databaseMaxInterval longest wait between attempts while the database is unreachable (retried forever)
     * @param processingAttempts attempts for a record the database refuses, before it goes to the dead-letter topic
     * @param processingInterval wait between those attempts
     */
    record Retry(
            @DefaultValue("1s") Duration databaseInitialInterval,
            @DefaultValue("30s") Duration databaseMaxInterval,
            @DefaultValue("3") int processingAttempts,
            @DefaultValue("500ms") Duration processingInterval) {}
}
