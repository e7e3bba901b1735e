package sos.audit;

import sos.audit.domain.AnalystTokens;

/** The request did not carry a valid analyst bearer token. */
class AnalystUnauthorizedException extends RuntimeException {

    private final AnalystTokens.Verdict verdict;

    AnalystUnauthorizedException(AnalystTokens.Verdict verdict) {
        super(
                verdict == AnalystTokens.Verdict.MISSING
                        ? "an analyst bearer token is required"
                        : "the bearer token is not a valid analyst token");
        this.verdict = verdict;
    }

    AnalystTokens.Verdict verdict() {
        return verdict;
    }
}
