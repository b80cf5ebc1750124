package io.jifen.platform.supplier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.hub.HubProperties;
import io.jifen.hub.SupplierNotices;
import io.jifen.hub.Suppliers;
import io.jifen.platform.problem.DomainException;
import io.jifen.platform.problem.ProblemKind;

/**
 * Where suppliers push order results (e-voucher codes issued, top-ups done or failed). No bearer token: the supplier
 * signs each notification and the supplier's connector verifies it. Answered with the supplier's own word for
 * "received" once applied (or when it is a resend of one applied before); a notification that does not verify, or is
 * about an order we do not have, is refused with problem+json and changes nothing, and the supplier resends it. A body
 * over {@code jifen.hub.notices.max-body-size} is refused with 413 before it is read whole (at most the limit and one
 * byte are read).
 */
@RestController
class SupplierNoticeController {

    private final SupplierNotices notices;
    private final Suppliers suppliers;
    private final int maxBodyBytes;

    SupplierNoticeController(SupplierNotices notices, Suppliers suppliers, HubProperties hub) {
        this.notices = notices;
        this.suppliers = suppliers;
        this.maxBodyBytes = (int) hub.notices().maxBodySize().toBytes();
    }

    @PostMapping(path = SupplierNotices.PATH + "{supplier}", produces = MediaType.TEXT_PLAIN_VALUE)
    String notice(@PathVariable String supplier, @RequestHeader Map<String, String> headers, HttpServletRequest request) throws IOException {
        if (!suppliers.ids().contains(supplier)) {
            throw DomainException.notFound("Supplier " + supplier);
        }
        String body = body(request);
        try {
            return notices.receive(supplier, headers, body);
        } catch (SupplierNotices.Refused e) {
            throw new DomainException(ProblemKind.INVALID, "supplier-notice-refused", "Notification refused",
                    e.getMessage(), List.of());
        } catch (SupplierNotices.UnknownOrder e) {
            throw DomainException.notFound("The notification's order");
        }
    }

    /** The body as UTF-8, read up to the limit and one byte more: one that says or turns out to be longer is refused. */
    private String body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(maxBodyBytes + 1);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private DomainException tooLarge() {
        return new DomainException(ProblemKind.TOO_LARGE, "supplier-notice-too-large", "Notification too large",
                "A notification's body may have at most " + maxBodyBytes + " bytes (jifen.hub.notices.max-body-size)", List.of());
    }
}
