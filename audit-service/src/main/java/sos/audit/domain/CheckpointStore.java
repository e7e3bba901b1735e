package sos.audit.domain;

import java.util.Optional;

/** Where signed checkpoints are kept (append-only). */
public interface CheckpointStore {

    Optional<Checkpoint> latest();

    void save(Checkpoint checkpoint);

    /** The hash of the trail's row {@code seq}, hex, if there is such a row. */
    Optional<String> hashAt(long seq);
}
