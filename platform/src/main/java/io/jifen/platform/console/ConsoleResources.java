package io.jifen.platform.console;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

import io.jifen.platform.identity.PublicEndpoints;

/**
 * Serves the console's build (the {@code jifen-tenant-console} jar, {@code META-INF/resources/console}) under
 * {@code /console}: Vite's hashed assets cached for a year as immutable, everything else (index.html above all)
 * revalidated on every load, and any path that is not a file answered with index.html, so that the browser's own
 * routes (a bookmarked {@code /console/members/123}) load the application. The pages and their configuration are
 * public; what they show comes from the API, which keeps asking for a token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleResources implements WebMvcConfigurer {

    static final String LOCATION = "classpath:/META-INF/resources/console/";

    static final String INDEX = "index.html";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/**")
                .addResourceLocations(LOCATION + "assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(true)
                .addResolver(new PathResourceResolver());
        registry.addResourceHandler("/console/", "/console/**")
                .addResourceLocations(LOCATION)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(new AppShellResolver());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", "/console/");
    }

    @Bean
    PublicEndpoints consolePages() {
        return new PublicEndpoints(List.of(
                new PublicEndpoints.Endpoint(HttpMethod.GET, "/console"),
                new PublicEndpoints.Endpoint(HttpMethod.GET, "/console/**")));
    }

    /**
     * A file when there is one; for a path that names no file (no extension in its last segment) the application's
     * index.html, whose router shows the page. A missing asset stays a 404, so a stale script is never answered with HTML.
     */
    static final class AppShellResolver extends PathResourceResolver {

        @Override
        protected @Nullable Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource file = resourcePath.isEmpty() ? null : super.getResource(resourcePath, location);
            if (file != null) {
                return file;
            }
            String last = resourcePath.substring(resourcePath.lastIndexOf('/') + 1);
            return last.contains(".") ? null : super.getResource(INDEX, location);
        }
    }
}
