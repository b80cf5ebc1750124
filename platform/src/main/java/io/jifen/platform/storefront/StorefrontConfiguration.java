package io.jifen.platform.storefront;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import io.jifen.platform.tenancy.TenantRegistry;

/**
 * The mall's own security filter chain for {@code /m/**}, before the API's resource-server chain: no bearer tokens, the
 * member's session cookie instead ({@link MallRequestFilter}), and CSRF protection with the token in a cookie (no server
 * session) that every form carries and htmx sends as a header. Also the mall's assets and its language (zh-CN unless
 * the browser prefers English, or the member switches).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorefrontProperties.class)
class StorefrontConfiguration implements WebMvcConfigurer {

    static final String CSRF_COOKIE = "jifen_mall_csrf";
    static final String CSRF_HEADER = "X-CSRF-TOKEN";
    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain storefront(HttpSecurity http, TenantRegistry tenants, MallSession sessions, StorefrontPages pages) throws Exception {
        var csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName(CSRF_COOKIE);
        csrfTokens.setHeaderName(CSRF_HEADER);
        csrfTokens.setCookiePath("/m/");
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        http.securityMatcher("/m/**")
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                // No server session, and no session management either: its strategies would take the member's session
                // cookie for a fresh sign-in on every request and rotate the CSRF token each time (a form of an earlier
                // page, another tab, would then be refused).
                .sessionManagement(AbstractHttpConfigurer::disable)
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                // Each page decides: the shop's pages want a member, the sign-in pages do not.
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                // A refused CSRF token (a forged or stale form): a page saying so, never a stack trace.
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler((request, response, e) ->
                        pages.problem(request, response, HttpStatus.FORBIDDEN, "problem.csrf")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
                                        + "frame-ancestors 'none'; base-uri 'self'; object-src 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new MallRequestFilter(tenants, sessions), CsrfFilter.class);
        return http.build();
    }

    /** zh-CN by default, English when the browser asks for it first; {@code ?lang=en|zh-CN} switches and is remembered. */
    @Bean
    LocaleResolver localeResolver() {
        var resolver = new CookieLocaleResolver("jifen_lang");
        // Without Accept-Language the servlet answers the server's locale; the mall's default is Chinese.
        resolver.setDefaultLocaleFunction(request -> request.getHeader("Accept-Language") != null && "en".equals(request.getLocale().getLanguage())
                ? Locale.ENGLISH : CHINESE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        var change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).addPathPatterns("/m/**");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/m/_assets/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/htmx.org/2.0.10/dist/", "classpath:/storefront/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic());
    }
}
