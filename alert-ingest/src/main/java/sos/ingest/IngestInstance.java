package sos.ingest;

import java.util.UUID;

/** This running instance (one per application context), so that it can tell its own records from other instances'. */
record IngestInstance(String id) {

    static IngestInstance random() {
        return new IngestInstance(UUID.randomUUID().toString());
    }
}
