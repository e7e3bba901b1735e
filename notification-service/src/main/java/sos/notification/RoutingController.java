package sos.notification;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import sos.contracts.AlertType;
import sos.contracts.Severity;
import sos.notification.domain.routing.DrillPolicy;
import sos.notification.domain.routing.EventKind;
import sos.notification.domain.routing.Recipient;
import sos.notification.domain.routing.RecipientKind;
import sos.notification.domain.routing.RoutingRules;

/** Read-only view of the loaded routing rules, for operators. Secrets never leave; URLs lose query and user info. */
@RestController
@RequestMapping(path = "/api/v1/routing", produces = MediaType.APPLICATION_JSON_VALUE)
class RoutingController {

    private final RoutingRules rules;

    RoutingController(RoutingRules rules) {
        this.rules = rules;
    }

    @GetMapping("/recipients")
    List<RecipientView> recipients() {
        return rules.recipients().stream().map(RecipientView::of).toList();
    }

    @GetMapping("/recipients/{id}")
    RecipientView recipient(@PathVariable String id) {
        return rules.recipient(id).map(RecipientView::of).orElseThrow(() -> new UnknownRecipientException(id));
    }

    record RecipientView(
            String id,
            String name,
            RecipientKind kind,
            String channel,
            String endpoint,
            boolean ownSecret,
            boolean enabled,
            Set<EventKind> receives,
            FilterView filter) {

        static RecipientView of(Recipient r) {
            return new RecipientView(
                    r.id(),
                    r.name(),
                    r.kind(),
                    r.channel(),
                    endpoint(r.url()),
                    r.secret() != null,
                    r.enabled(),
                    r.receives(),
                    new FilterView(
                            r.filter().minSeverity(),
                            r.filter().alertTypes(),
                            r.filter().consulateId(),
                            r.filter().drills()));
        }

        private static String endpoint(URI url) {
            if (url == null) {
                return null;
            }
            return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                    + (url.getRawPath() == null ? "" : url.getRawPath());
        }
    }

    record FilterView(Severity minSeverity, Set<AlertType> alertTypes, String consulateId, DrillPolicy drills) {}

    static final class UnknownRecipientException extends RuntimeException {

        UnknownRecipientException(String id) {
            super("no recipient '" + id + "' in the routing file");
        }
    }
}
