package io.jifen.platform.storefront;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.jifen.platform.ledger.PointsExpiringSoon;
import io.jifen.platform.support.Browser;
import io.jifen.platform.support.IntegrationTest;
import io.jifen.platform.tenancy.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The mall's messages: home shows how many are unread and links the list, which shows them in the member's language and reads them. */
class MallNotificationsIT extends IntegrationTest {

    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void homeCountsTheUnreadMessagesAndTheMessagesPageShowsThemAndMarksThemRead() {
        var shop = new MallShops(fixtures, http()).shop("mall-msg", 0);
        var browser = new Browser();
        assertThat(browser.get(url(MallShops.link(shop, shop.externalId(), null))).statusCode()).isEqualTo(302);
        assertThat(Browser.unescape(browser.get(url(shop.root())).body())).contains("没有未读消息");

        UUID member = UUID.fromString(shop.memberId());
        TenantContext.runAs(shop.tenant().id(), () -> new TransactionTemplate(transactionManager).executeWithoutResult(status ->
                events.publishEvent(new PointsExpiringSoon(shop.tenant().id(), member, "points", 1_500, LocalDate.of(2031, 3, 31)))));
        await().atMost(Duration.ofSeconds(20)).until(() -> Browser.unescape(browser.get(url(shop.root())).body()).contains("1 条未读"));
        assertThat(browser.get(url(shop.root())).body()).contains("href=\"" + shop.root() + "notifications\"");

        String messages = Browser.unescape(browser.get(url(shop.root() + "notifications")).body());
        assertThat(messages).contains("1,500 积分将于 2031-03-31 过期").contains(">新<");
        String again = Browser.unescape(browser.get(url(shop.root() + "notifications?lang=en")).body());
        assertThat(again).contains("1,500 points expire on 2031-03-31").doesNotContain(">New<");
        assertThat(Browser.unescape(browser.get(url(shop.root())).body())).contains("No unread messages");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
