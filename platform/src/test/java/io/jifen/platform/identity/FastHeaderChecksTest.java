package io.jifen.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The loop-based header checks decide exactly as Spring Security's regular expressions do. */
class FastHeaderChecksTest {

    private static final DefaultBearerTokenResolver SPRING = new DefaultBearerTokenResolver();
    /** StrictHttpFirewall's default rule for header names and values. */
    private static final Pattern FIREWALL = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Property(tries = 3000)
    void resolvesAuthorizationHeadersLikeSpringSecurity(@ForAll("authorizationHeaders") String header) {
        assertThat(outcome(FastHeaderChecks.BEARER_TOKEN::resolve, header))
                .isEqualTo(outcome(SPRING::resolve, header));
    }

    @Property(tries = 3000)
    void judgesHeaderValuesLikeTheStrictFirewall(@ForAll("headerValues") String value) {
        assertThat(FastHeaderChecks.assignedAndNotControl(value)).isEqualTo(FIREWALL.matcher(value).matches());
    }

    @Example
    void aMalformedBearerHeaderIsAnInvalidToken() {
        assertThatThrownBy(() -> FastHeaderChecks.resolve(request("Bearer abc def")))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThat(FastHeaderChecks.resolve(request("bEaReR a.b-c_d~e+f/g=="))).isEqualTo("a.b-c_d~e+f/g==");
        assertThat(FastHeaderChecks.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
    }

    @Provide
    Arbitrary<String> authorizationHeaders() {
        Arbitrary<String> prefix = Arbitraries.of("Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Bearerx", "Basic ", "", " Bearer ");
        Arbitrary<String> body = Arbitraries.strings().withChars("aZ09-._~+/= \t\u00e9!").ofMaxLength(40);
        return prefix.flatMap(p -> body.map(b -> p + b));
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withChars("ab\u0000\u007f\u0085\u4e2d\u0378\ud83d\ude00\ud800").ofMaxLength(10));
    }

    private interface Resolver {
        String resolve(MockHttpServletRequest request);
    }

    private static String outcome(Resolver resolver, String header) {
        try {
            return "token:" + resolver.resolve(request(header));
        } catch (OAuth2AuthenticationException e) {
            return "invalid:" + e.getError().getErrorCode();
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        var request = new MockHttpServletRequest("GET", "/api/v1/tenant");
        request.addHeader("Authorization", authorization);
        return request;
    }
}
