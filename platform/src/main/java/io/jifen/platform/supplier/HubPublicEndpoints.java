package io.jifen.platform.supplier;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import io.jifen.hub.PublicPaths;
import io.jifen.platform.identity.PublicEndpoints;

/** The paths the supplier hub serves without a token (suppliers' signed notifications), handed to identity to permit. */
@Configuration(proxyBeanMethods = false)
class HubPublicEndpoints {

    @Bean
    PublicEndpoints supplierHubPublicEndpoints(List<PublicPaths> hubPaths) {
        return new PublicEndpoints(hubPaths.stream()
                .flatMap(paths -> paths.patterns().stream().map(pattern -> new PublicEndpoints.Endpoint(HttpMethod.valueOf(paths.method()), pattern)))
                .toList());
    }
}
