package io.jifen.platform.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.jifen.platform.identity.KeycloakProperties;

/** The console's runtime configuration: read by the browser before sign-in, so it holds nothing secret. Not part of the API. */
@Hidden
@RestController
class ConsoleConfigController {

    /** {@code authority} is the OpenID Connect issuer (its discovery document is below it). */
    record ConsoleConfig(String authority, String clientId) {
    }

    private final ConsoleConfig config;

    ConsoleConfigController(ConsoleProperties console, KeycloakProperties keycloak) {
        this.config = new ConsoleConfig(console.authority() != null ? console.authority() : keycloak.issuerUri(), console.clientId());
    }

    @GetMapping("/console/config.json")
    ResponseEntity<ConsoleConfig> config() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
    }
}
