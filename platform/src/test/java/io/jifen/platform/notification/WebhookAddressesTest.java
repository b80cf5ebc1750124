package io.jifen.platform.notification;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.jifen.platform.problem.DomainException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which webhook URLs the platform posts to, and how long it waits between attempts. */
class WebhookAddressesTest {

    private static final NotificationProperties PRODUCTION = new NotificationProperties(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofHours(6), 16, false);
    private static final NotificationProperties LOCAL = new NotificationProperties(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofHours(6), 16, true);

    @Test
    void inProductionOnlyHttpsUrlsOfPublicAddressesAreTaken() {
        var addresses = new WebhookAddresses(PRODUCTION);
        assertThat(addresses.check(" https://93.184.216.34/jifen/notify ")).isEqualTo(URI.create("https://93.184.216.34/jifen/notify"));
        for (String refused : new String[] {"http://93.184.216.34/hook", "ftp://93.184.216.34/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook",
                "https://192.168.0.9/hook", "https://172.16.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://[::1]/hook",
                "https://[fd00::1]/hook", "https://0.0.0.0/hook", "https://user:pass@93.184.216.34/hook", "https:///hook", "not a url"}) {
            assertThatThrownBy(() -> addresses.check(refused)).as(refused).isInstanceOfSatisfying(DomainException.class,
                    refusal -> assertThat(refusal.errors()).extracting(error -> error.field()).containsExactly("url"));
        }
    }

    @Test
    void locallyAReceiverOnThisMachineOverHttpIsTaken() {
        assertThat(new WebhookAddresses(LOCAL).check("http://127.0.0.1:8089/hook")).isEqualTo(URI.create("http://127.0.0.1:8089/hook"));
    }

    @Test
    void theWaitDoublesAfterEveryFailedAttemptUpToTheLongest() {
        assertThat(PRODUCTION.waitAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(PRODUCTION.waitAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(PRODUCTION.waitAfter(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(PRODUCTION.waitAfter(10)).isEqualTo(Duration.ofSeconds(30 * 512));
        assertThat(PRODUCTION.waitAfter(11)).isEqualTo(Duration.ofHours(6));
        assertThat(PRODUCTION.waitAfter(1_000)).isEqualTo(Duration.ofHours(6));
    }
}
