package sos.audit;

/** No checkpoint has been signed yet (the trail may be empty). */
class NoCheckpointException extends RuntimeException {

    NoCheckpointException() {
        super("no checkpoint has been signed yet");
    }
}
