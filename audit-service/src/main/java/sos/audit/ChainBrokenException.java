package sos.audit;

import sos.audit.domain.ChainVerification;

/** The chain does not verify, so its head is not signed. */
class ChainBrokenException extends RuntimeException {

    ChainBrokenException(ChainVerification.Result result) {
        super("the chain is broken at seq " + result.firstBrokenSeq() + ": " + result.reason()
                + "; no checkpoint signed");
    }
}
