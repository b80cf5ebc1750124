package io.jifen.platform.me;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutoLoginLinkTest {

    @Test
    void theWorkedExampleOfTheArchitectureDocumentSignsAsDocumented() {
        String canonical = AutoLoginLink.canonical("acme", "u-1001", "1764496800", "k3v9QzX2mT8wLp4R", "/items/42?from=app");

        assertThat(canonical).isEqualTo("19:jifen-auto-login-v1,4:acme,6:u-1001,10:1764496800,16:k3v9QzX2mT8wLp4R,18:/items/42?from=app,");
        // The same as: printf '%s' "$canonical" | openssl dgst -sha256 -hmac alsec_example
        assertThat(AutoLoginLink.sign("alsec_example", canonical)).isEqualTo("6ca6e1f8ab69602e29f0be79956f36388d314d20bb454b83314453268593294d");
    }

    @Test
    void lengthsAreCountedInUtf8BytesAndAnAbsentDeepLinkIsEmpty() {
        assertThat(AutoLoginLink.canonical("品牌", "会员", "1", "n", null)).isEqualTo("19:jifen-auto-login-v1,6:品牌,6:会员,1:1,1:n,0:,");
    }

    @Test
    void noValueCanMoveABoundaryIntoItsNeighbour() {
        assertThat(AutoLoginLink.canonical("ab", "c", "1", "n", null)).isNotEqualTo(AutoLoginLink.canonical("a", "bc", "1", "n", null));
        assertThat(AutoLoginLink.canonical("a", "1:b,", "1", "n", null)).isNotEqualTo(AutoLoginLink.canonical("a,1:b", "", "1", "n", null));
    }

    @Test
    void aDeepLinkIsAPathWithinTheMallOnly() {
        assertThat(AutoLoginLink.isRelativePath("/items/42?from=app#top")).isTrue();
        assertThat(AutoLoginLink.isRelativePath("/")).isTrue();
        assertThat(AutoLoginLink.isRelativePath("https://evil.example/")).isFalse();
        assertThat(AutoLoginLink.isRelativePath("//evil.example/")).isFalse();
        assertThat(AutoLoginLink.isRelativePath("/\\evil.example/")).isFalse();
        assertThat(AutoLoginLink.isRelativePath("\\\\evil.example")).isFalse();
        assertThat(AutoLoginLink.isRelativePath("javascript:alert(1)")).isFalse();
        assertThat(AutoLoginLink.isRelativePath("items/42")).isFalse();
        assertThat(AutoLoginLink.isRelativePath("/\tevil")).isFalse();
        assertThat(AutoLoginLink.isRelativePath("/ /evil.example")).isFalse();
        assertThat(AutoLoginLink.isRelativePath("/" + "a".repeat(600))).isFalse();
    }

    @Test
    void theSignatureIsComparedWhateverTheCaseOfItsHex() {
        var link = new AutoLoginLink("acme", "u-1001", "1764496800", "k3v9QzX2mT8wLp4R", "/items/42?from=app",
                "6CA6E1F8AB69602E29F0BE79956F36388D314D20BB454B83314453268593294D");
        assertThat(link.signedWith("alsec_example")).isTrue();
        assertThat(link.signedWith("alsec_other")).isFalse();
    }
}
