package sos.audit;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import sos.audit.domain.Checkpoints;

/** Verifies and signs the chain head every {@code SOS_AUDIT_CHECKPOINT_INTERVAL}. */
@Component
class CheckpointScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointScheduler.class);

    private final Checkpoints checkpoints;
    private final Clock clock;

    CheckpointScheduler(Checkpoints checkpoints, Clock clock) {
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${sos.audit.checkpoint.interval:5m}",
            fixedDelayString = "${sos.audit.checkpoint.interval:5m}")
    void checkpoint() {
        try {
            Checkpoints.Outcome outcome = checkpoints.checkpoint(clock.instant());
            if (outcome.refusedBecause() != null) {
                LOG.error(
                        "audit chain broken at seq {}: {}; no checkpoint signed",
                        outcome.refusedBecause().firstBrokenSeq(),
                        outcome.refusedBecause().reason());
            } else if (outcome.checkpoint() != null) {
                LOG.info(
                        "checkpoint at seq {} hash {}",
                        outcome.checkpoint().seq(),
                        outcome.checkpoint().hash());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not make a checkpoint now: {}", e.toString());
        }
    }
}
