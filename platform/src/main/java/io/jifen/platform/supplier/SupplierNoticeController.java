package io.jifen.platform.supplier;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.hub.SupplierNotices;
import io.jifen.hub.Suppliers;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * Where suppliers push order results (e-voucher codes issued, top-ups done or failed). No bearer token: the supplier
 * signs each notification and the supplier's connector verifies it. Answered with the supplier's own word for
 * "received" once applied (or when it is a resend of one applied before); a notification that does not verify, or is
 * about an order we do not have, is refused with problem+json and changes nothing, and the supplier resends it.
 */
@RestController
class SupplierNoticeController {

    private final SupplierNotices notices;
    private final Suppliers suppliers;

    SupplierNoticeController(SupplierNotices notices, Suppliers suppliers) {
        this.notices = notices;
        this.suppliers = suppliers;
    }

    @PostMapping(path = SupplierNotices.PATH + "{supplier}", produces = MediaType.TEXT_PLAIN_VALUE)
    String notice(@PathVariable String supplier, @RequestHeader Map<String, String> headers, @RequestBody(required = false) @Nullable String body) {
        if (!suppliers.ids().contains(supplier)) {
            throw DomainException.notFound("Supplier " + supplier);
        }
        try {
            return notices.receive(supplier, headers, body == null ? "" : body);
        } catch (SupplierNotices.Refused e) {
            throw new DomainException(ProblemKind.INVALID, "supplier-notice-refused", "Notification refused",
                    e.getMessage(), List.of());
        } catch (SupplierNotices.UnknownOrder e) {
            throw DomainException.notFound("The notification's order");
        }
    }
}
