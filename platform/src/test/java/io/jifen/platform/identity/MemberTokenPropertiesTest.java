package io.jifen.platform.identity;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member-token keys bind from environment variables as a deployment sets them (JIFEN_MEMBER_TOKENS_KEYS_<ID>), the
 * current key through application.yml's placeholder: with the prefix {@code jifen.member-tokens} the keys never bound.
 */
class MemberTokenPropertiesTest {

    @Test
    void keysAndTheCurrentKeyBindFromEnvironmentVariables() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        var environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "JIFEN_MEMBER_TOKENS_CURRENT_KEY", "blue", "JIFEN_MEMBER_TOKENS_KEYS_BLUE", key, "JIFEN_MEMBER_TOKENS_KEYS_GREEN", key)));
        environment.getPropertySources().addLast(new MapPropertySource("application.yml",
                Map.of("jifen.member.tokens.current-key", "${JIFEN_MEMBER_TOKENS_CURRENT_KEY:}")));

        var properties = new Binder(ConfigurationPropertySources.get(environment), new PropertySourcesPlaceholdersResolver(environment))
                .bind("jifen.member.tokens", MemberTokenProperties.class).get();

        assertThat(properties.currentKey()).isEqualTo("blue");
        assertThat(properties.keys()).containsOnlyKeys("blue", "green");
        assertThat(properties.key("blue")).hasSize(32);
    }
}
