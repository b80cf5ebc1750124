package io.jifen.platform.audit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The audit log's safety net: an admin change that succeeded and whose module recorded nothing (an endpoint not yet
 * covered by an {@link AuditTrail#record} call) is still logged, with who, when, the path and its ids, but without
 * before and after, in a transaction of its own once the handler is done. The resource type is the path template
 * without its variables ({@code members/tier-floor}), the id the last path variable.
 */
@Configuration(proxyBeanMethods = false)
class UnrecordedWrites implements WebMvcConfigurer, HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(UnrecordedWrites.class);

    private final AuditLog audit;

    UnrecordedWrites(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/**");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception failure) {
        if (failure != null || response.getStatus() >= 300 || request.getAttribute(AuditScope.RECORDED) != null) {
            return;
        }
        AuditScope scope = AuditScope.of(request);
        if (scope == null) {
            return;
        }
        List<String> variables = List.copyOf(scope.pathIds().keySet());
        String lastVariable = lastVariable(scope.path());
        try {
            audit.append(scope, resourceType(scope.path()), lastVariable == null ? null : scope.pathIds().get(lastVariable), null, null);
        } catch (RuntimeException e) {
            log.error("The audit event of {} {} (variables {}) could not be written", scope.method(), scope.path(), variables, e);
        }
    }

    static String resourceType(String pathTemplate) {
        return Arrays.stream(pathTemplate.substring("/api/v1/".length()).split("/"))
                .filter(segment -> !segment.startsWith("{") && !segment.isEmpty())
                .collect(Collectors.joining("/"));
    }

    private static @Nullable String lastVariable(String pathTemplate) {
        int open = pathTemplate.lastIndexOf('{');
        return open < 0 ? null : pathTemplate.substring(open + 1, pathTemplate.indexOf('}', open));
    }
}
