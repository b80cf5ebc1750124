package io.jifen.platform.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

import io.jifen.platform.web.ProblemResponses;
import io.jifen.platform.web.ProblemType;

/**
 * Requests Spring Security's firewall refuses (an encoded NUL, slash or dot-dot in the path, a header with control
 * characters) are answered as problem+json 400, not by the servlet container's error page.
 */
@Configuration(proxyBeanMethods = false)
class RejectedRequests {

    @Bean
    RequestRejectedHandler problemForRejectedRequests(JsonMapper json) {
        return (request, response, rejected) -> ProblemResponses.write(json, response, HttpStatus.BAD_REQUEST,
                ProblemType.of("request-rejected"),
                "The request's path or headers are not acceptable (an encoded NUL, slash or dot segment, or a control character)");
    }
}
