package sos.dispatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import sos.dispatch.domain.FixOutcome;
import sos.dispatch.domain.PositionFix;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Batches of position reports from an AVL (automatic vehicle location) gateway, which relays the GPS fixes of many
 * vehicles at once: {@code POST /api/v1/units/positions} with a JSON array of {@code {unitId, lat, lon, at, headingDeg,
 * speedKmh}}. Each report is validated like a unit's own ({@link PositionReport}) and published like it (the same
 * {@code UnitStateChanged} on {@code sos.units.state}); the answer, once the broker has every accepted report, says
 * per report whether it was accepted or why it was rejected. The gateway's credential and its scope (the agencies whose
 * units it may move) are checked by {@link OpsTokenInterceptor}.
 */
@RestController
class GatewayController {

    static final String PATH = "/api/v1/units/positions";
    static final int MAX_REPORTS = 500;
    /** 500 reports of some 150 bytes each, with room to spare. */
    static final long MAX_BODY_BYTES = 128 * 1024;

    private static final TypeReference<List<GatewayReport>> REPORTS = new TypeReference<>() {};

    private final PositionIntake positions;
    private final JsonMapper json;
    private final Validator validator;

    GatewayController(PositionIntake positions, JsonMapper json, Validator validator) {
        this.positions = positions;
        this.json = json;
        this.validator = validator;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    CompletableFuture<BatchAnswer> positions(HttpServletRequest request) throws IOException {
        Gateways.Scope scope = (Gateways.Scope) request.getAttribute(Gateways.Scope.ATTRIBUTE);
        List<GatewayReport> reports = read(request);
        FixOutcome[] outcomes = new FixOutcome[reports.size()];
        List<PositionFix> fixes = new ArrayList<>(reports.size());
        int[] indexOfFix = new int[reports.size()];
        for (int i = 0; i < reports.size(); i++) {
            String invalid = invalidity(reports.get(i));
            if (invalid == null) {
                indexOfFix[fixes.size()] = i;
                fixes.add(reports.get(i).fix());
            } else {
                outcomes[i] = new FixOutcome.Refused(FixOutcome.Refusal.INVALID_REPORT, invalid);
            }
        }
        return positions.reportAll(fixes, scope.agencies()).thenApply(applied -> {
            for (int f = 0; f < applied.size(); f++) {
                outcomes[indexOfFix[f]] = applied.get(f);
            }
            return BatchAnswer.of(reports, outcomes);
        });
    }

    /** The body, bounded also when it comes without a Content-Length (chunked). */
    private List<GatewayReport> read(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes((int) MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new OpsTokenInterceptor.BodyTooLargeException(MAX_BODY_BYTES);
        }
        List<GatewayReport> reports;
        try {
            reports = json.readValue(body, REPORTS);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "the body must be a JSON array of position reports {unitId, lat, lon, at, headingDeg, speedKmh}");
        }
        if (reports == null || reports.isEmpty()) {
            throw new IllegalArgumentException("the array is empty: send 1 to " + MAX_REPORTS + " position reports");
        }
        if (reports.size() > MAX_REPORTS) {
            throw new TooManyReportsException(reports.size());
        }
        return reports;
    }

    /** Why a report is not one, or null: the unit API's own validation of a fix, and a unit id. */
    private String invalidity(GatewayReport report) {
        if (report == null) {
            return "a report must be a JSON object";
        }
        if (report.unitId() == null || report.unitId().isBlank()) {
            return "unitId: must not be blank";
        }
        var violations = validator.validate(report.asReport());
        if (violations.isEmpty()) {
            return null;
        }
        return violations.stream()
                .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
    }

    /** One element of a gateway's batch: a unit id and a fix, with the field names of the unit's own report. */
    record GatewayReport(String unitId, Double lat, Double lon, Instant at, Double headingDeg, Double speedKmh) {

        PositionReport asReport() {
            return new PositionReport(lat, lon, at, headingDeg, speedKmh);
        }

        PositionFix fix() {
            return new PositionFix(unitId, asReport().position(), at, headingDeg, speedKmh);
        }
    }

    /**
     * @param accepted reports published (the broker has them)
     * @param rejected reports refused, each with its reason in {@code results}
     * @param results one per report, in the order sent
     */
    record BatchAnswer(int accepted, int rejected, List<Result> results) {

        static BatchAnswer of(List<GatewayReport> reports, FixOutcome[] outcomes) {
            List<Result> results = new ArrayList<>(outcomes.length);
            for (int i = 0; i < outcomes.length; i++) {
                GatewayReport report = reports.get(i);
                results.add(Result.of(i, report == null ? null : report.unitId(), outcomes[i]));
            }
            int accepted = (int) Arrays.stream(outcomes)
                    .filter(FixOutcome.Applied.class::isInstance)
                    .count();
            return new BatchAnswer(accepted, outcomes.length - accepted, results);
        }
    }

    /**
     * @param status {@code accepted} or {@code rejected}
     * @param reason when rejected: {@code invalid-report}, {@code unknown-unit}, {@code out-of-scope},
     *     {@code older-than-last-fix}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(int index, String unitId, String status, String reason, String detail) {

        static Result of(int index, String unitId, FixOutcome outcome) {
            if (outcome instanceof FixOutcome.Refused refused) {
                return new Result(index, unitId, "rejected", refused.refusal().slug(), refused.detail());
            }
            return new Result(index, unitId, "accepted", null, null);
        }
    }

    static final class TooManyReportsException extends RuntimeException {

        TooManyReportsException(int reports) {
            super(reports + " reports in one request; at most " + MAX_REPORTS);
        }
    }
}
