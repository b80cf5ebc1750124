package io.jifen.hub;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The hub embedded in a bare application, as the platform embeds it. */
@SpringBootApplication(scanBasePackages = "io.jifen.hub.none")
@Import({SupplierHubConfiguration.class, HubEvents.class, NoticeEndpoint.class})
class HubTestApplication {
}
