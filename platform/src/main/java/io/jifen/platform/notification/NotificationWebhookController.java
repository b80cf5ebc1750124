package io.jifen.platform.notification;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant admin's notification webhook: where the platform posts the members' notifications for the brand's own app
 * to send (SMS, WeChat, app push), which kinds, the signing secret, and a test post.
 */
@RestController
class NotificationWebhookController {

    static final String PATH = "/api/v1/tenant/notification-webhook";

    record WebhookRequest(@NotBlank @Size(max = 2000) String url, @NotNull @Size(max = 10) List<@NotNull NotificationKind> kinds) {
    }

    /** What the test post got: delivered (2xx), the receiver's status (0: no answer) and why it failed. */
    record TestResult(boolean delivered, int status, @Nullable String error) {
    }

    private final WebhookSettings settings;
    private final WebhookDeliveries deliveries;

    NotificationWebhookController(WebhookSettings settings, WebhookDeliveries deliveries) {
        this.settings = settings;
        this.deliveries = deliveries;
    }

    /** The webhook, or {@code configured: false}. */
    @GetMapping(PATH)
    WebhookSettings.Webhook get() {
        return settings.get();
    }

    /** Sets the URL and kinds; the first time, the answer carries the signing secret, shown this once. */
    @PutMapping(PATH)
    WebhookSettings.Webhook put(@Valid @RequestBody WebhookRequest request) {
        return settings.configure(request.url(), request.kinds());
    }

    @DeleteMapping(PATH)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete() {
        settings.remove();
    }

    /** A new signing secret, replacing the old one at once; shown this once. */
    @PostMapping(PATH + "/secret")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, String> rotate() {
        return Map.of("secret", settings.rotateSecret());
    }

    /** Posts a signed test notification ({@code kind: TEST}) to the webhook now; not queued, not billed. */
    @PostMapping(PATH + "/test")
    TestResult test() {
        WebhookPost.Outcome outcome = deliveries.test();
        return new TestResult(outcome.delivered(), outcome.status(), outcome.delivered() ? null : outcome.error());
    }
}
