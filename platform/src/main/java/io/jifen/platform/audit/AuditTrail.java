package io.jifen.platform.audit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where modules report their admin changes. Call {@link #record} inside the transaction that makes the change, with
 * the resource's representation before and after: the event is written in that transaction, so it exists exactly when
 * the change does. Outside an admin change ({@link AuditScope}: a job, a listener, a member's or the order flow's call)
 * it records nothing, so services call it unconditionally.
 */
@Service
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLog events;
    private final JsonMapper json;

    AuditTrail(AuditLog events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    public void record(AuditedChange change) {
        AuditScope scope = AuditScope.current();
        if (scope == null) {
            return;
        }
        events.append(scope, change.resourceType(), change.resourceId(), representation(change.before(), change),
                representation(change.after(), change));
        RequestContextHolder.currentRequestAttributes().setAttribute(AuditScope.RECORDED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
    }

    private @Nullable JsonNode representation(@Nullable Object state, AuditedChange change) {
        if (state == null) {
            return null;
        }
        try {
            return Redaction.redact(json.valueToTree(state), change.sealedFields());
        } catch (JacksonException e) {
            // The change itself is sound: it is logged without this state rather than refused for the log's sake.
            log.error("The state of {} {} cannot be written as JSON; logged without it", change.resourceType(), change.resourceId(), e);
            return json.createObjectNode().put("unrecorded", "the state could not be written as JSON");
        }
    }
}
