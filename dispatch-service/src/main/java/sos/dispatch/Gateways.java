package sos.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import sos.contracts.Agency;

/**
 * The AVL gateways that may send batches of position reports ({@code POST /api/v1/units/positions}), each scoped to
 * the agencies whose units it may report for: {@code SOS_DISPATCH_GATEWAYS} =
 * {@code gatewayId=POLICE,gatewayId=RANGERS,gatewayId=POLICE+RANGERS}. A gateway's Bearer token is derived like a
 * unit's: hex HMAC-SHA256 of the gateway id under {@code SOS_DISPATCH_GATEWAY_TOKEN_SECRET} (its own secret, so that
 * no unit id can ever yield a gateway's token). Compared in constant time against every gateway; tokens never appear
 * in logs.
 */
final class Gateways {

    /** The agencies a credential may report for: a gateway's, or every agency for the ops token. */
    record Scope(String gatewayId, Set<Agency> agencies) {

        static final String ATTRIBUTE = "sos.dispatch.gateway-scope";

        static final Scope OPS = new Scope("ops", Collections.unmodifiableSet(EnumSet.allOf(Agency.class)));
    }

    private record Gateway(Scope scope, byte[] token) {}

    private final List<Gateway> gateways = new ArrayList<>();

    Gateways(String secret, String gatewayScopes) {
        if (gatewayScopes == null || gatewayScopes.isBlank()) {
            return;
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("SOS_DISPATCH_GATEWAYS names gateways but"
                    + " SOS_DISPATCH_GATEWAY_TOKEN_SECRET, which their tokens are derived from, is blank");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        for (String entry : gatewayScopes.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "SOS_DISPATCH_GATEWAYS must be gatewayId=AGENCY[+AGENCY] entries separated by commas, not '"
                                + entry.trim() + "'");
            }
            String id = entry.substring(0, eq).trim();
            Set<Agency> agencies = EnumSet.noneOf(Agency.class);
            for (String agency : entry.substring(eq + 1).split("\\+")) {
                try {
                    agencies.add(Agency.valueOf(agency.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("SOS_DISPATCH_GATEWAYS: gateway " + id + ": '" + agency.trim()
                            + "' is not one of " + List.of(Agency.values()));
                }
            }
            if (gateways.stream().anyMatch(g -> g.scope().gatewayId().equals(id))) {
                throw new IllegalArgumentException("SOS_DISPATCH_GATEWAYS names gateway " + id + " twice");
            }
            gateways.add(new Gateway(new Scope(id, Collections.unmodifiableSet(agencies)), UnitTokens.derive(key, id)));
        }
    }

    /** The scope of the gateway whose token this is; every gateway is compared (constant time each, no early exit). */
    Optional<Scope> match(byte[] presented) {
        Scope found = null;
        for (Gateway gateway : gateways) {
            if (MessageDigest.isEqual(gateway.token(), presented)) {
                found = gateway.scope();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The configured gateways and their agencies (no tokens), for the start-up log. */
    List<Scope> scopes() {
        return gateways.stream().map(Gateway::scope).toList();
    }
}
