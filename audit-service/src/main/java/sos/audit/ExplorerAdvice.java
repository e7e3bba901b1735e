package sos.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import sos.audit.domain.Caller;
import sos.audit.domain.ForbiddenQueryException;
import sos.audit.domain.InvalidQueryException;
import sos.contracts.AlertType;
import sos.contracts.SosEvent;

/**
 * What every explorer page knows of its session (who is signed in, the token its forms post back), and errors as a
 * page rather than problem+json; no stack trace, no exception text beyond the domain's own messages.
 */
@ControllerAdvice(assignableTypes = {ExplorerPages.class, ExplorerSignIn.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ExplorerAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(ExplorerAdvice.class);

    /** The alert types and event kinds of the contracts, for the filter form's choices. */
    static final List<String> ALERT_TYPES =
            Arrays.stream(AlertType.values()).map(Enum::name).toList();

    static final List<String> EVENT_TYPES = eventTypes(SosEvent.class, new ArrayList<>());

    private static List<String> eventTypes(Class<?> type, List<String> names) {
        if (type.isRecord()) {
            names.add(type.getSimpleName());
        } else if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                eventTypes(permitted, names);
            }
        }
        return names.stream().sorted().toList();
    }

    @ModelAttribute
    void session(HttpServletRequest request, Model model) {
        model.addAttribute("alertTypes", ALERT_TYPES);
        model.addAttribute("eventTypes", EVENT_TYPES);
        Object session = request.getAttribute(ExplorerAccessInterceptor.SESSION);
        if (session instanceof ExplorerSessions.Session signedIn) {
            Caller caller = signedIn.caller();
            model.addAttribute("csrf", signedIn.csrfToken());
            model.addAttribute(
                    "who",
                    caller.isConsulate()
                            ? "consulate " + caller.consulateId()
                            : caller.role().name().toLowerCase(java.util.Locale.ROOT));
            model.addAttribute("staff", !caller.isConsulate());
        }
    }

    @ExceptionHandler(ForbiddenQueryException.class)
    String forbidden(ForbiddenQueryException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(HttpStatus.FORBIDDEN, e.getMessage(), request, response, model);
    }

    @ExceptionHandler(AlertNotFoundException.class)
    String notFound(AlertNotFoundException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return error(HttpStatus.NOT_FOUND, e.getMessage(), request, response, model);
    }

    @ExceptionHandler({
        InvalidQueryException.class,
        TypeMismatchException.class,
        BindException.class,
        MissingServletRequestParameterException.class
    })
    String invalid(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        String message = e instanceof InvalidQueryException ? e.getMessage() : "a value in the address is not valid";
        return error(HttpStatus.BAD_REQUEST, message, request, response, model);
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (StoreFailures.isDatabaseUnavailable(e)) {
            LOG.warn("audit database unavailable: {}", e.toString());
            return error(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "the audit database cannot be reached; try again shortly",
                    request,
                    response,
                    model);
        }
        LOG.error("unexpected failure on an explorer page", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "unexpected failure", request, response, model);
    }

    private String error(
            HttpStatus status, String message, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(status.value());
        session(request, model);
        model.addAttribute("status", status.value());
        model.addAttribute("message", message);
        return "explorer/error";
    }
}
