package sos.audit;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import sos.audit.domain.Caller;
import sos.audit.domain.EventFilter;

/** The caller of the current request, as {@link AccessInterceptor} found it, and what it may see. */
@Component
class AccessContext {

    Caller caller() {
        RequestAttributes attributes = RequestContextHolder.currentRequestAttributes();
        Object caller = attributes.getAttribute(AccessInterceptor.CALLER, RequestAttributes.SCOPE_REQUEST);
        if (caller == null) {
            throw new IllegalStateException("no caller on this request");
        }
        return (Caller) caller;
    }

    EventFilter scope(EventFilter filter) {
        return caller().scope(filter);
    }

    String scopeConsulate(String requested) {
        return caller().scopeConsulate(requested);
    }
}
