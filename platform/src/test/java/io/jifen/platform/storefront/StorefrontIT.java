package io.jifen.platform.storefront;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.jifen.platform.support.Browser;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;
import io.jifen.platform.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The mall on the phone over HTTP: the session a link opens, CSRF, the link's refusals as pages, tenants and members kept apart. */
class StorefrontIT extends IntegrationTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private MallShops shops() {
        return new MallShops(fixtures, http());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Opens the member's session in a fresh browser through a link; answers the browser. */
    private Browser signedIn(MallShops.Shop shop, String externalId) {
        var browser = new Browser();
        var opened = browser.get(url(MallShops.link(shop, externalId, null)));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(302);
        return browser;
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher field = CSRF_FIELD.matcher(page.body());
        assertThat(field.find()).as("a form with the CSRF token on " + page.uri()).isTrue();
        return Browser.unescape(field.group(1));
    }

    @Test
    void aSignedLinkOpensAnHttpOnlySameSiteSessionScopedToTheMallAndGoesToItsDeepLink() {
        var shop = shops().shop("mall-link", 12_000);
        var browser = new Browser();

        var opened = browser.get(url(MallShops.link(shop, shop.externalId(), "/items/" + shop.voucherItem() + "?from=app")));

        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(302);
        assertThat(Browser.location(opened).orElseThrow()).endsWith(shop.root() + "items/" + shop.voucherItem() + "?from=app");
        String cookie = opened.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(MallSession.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=" + shop.root()).contains("Max-Age=")
                .as("http here: Secure only over https").doesNotContain("Secure");
        var item = browser.get(url(shop.root() + "items/" + shop.voucherItem()));
        assertThat(item.statusCode()).as(item.body()).isEqualTo(200);
        assertThat(item.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(item.body()).contains("星巴克 中杯拿铁 电子券").contains("1,000");
        var home = browser.get(url(shop.root()));
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("id=\"balance\">12,000<").contains("品牌保温杯").contains("品牌 " + shop.tenant().slug());
    }

    @Test
    void withoutASessionTheShopSendsVisitorsToItsSignInPageAndLoggingOutEndsTheSession() {
        var shop = shops().shop("mall-anon", 0);
        var anonymous = new Browser();
        var home = anonymous.get(url(shop.root()));
        assertThat(home.statusCode()).isEqualTo(303);
        assertThat(Browser.location(home).orElseThrow()).isEqualTo(shop.root() + "login");
        assertThat(anonymous.get(url(shop.root() + "login")).body()).contains("品牌 " + shop.tenant().slug());

        var browser = signedIn(shop, shop.externalId());
        var tasks = browser.get(url(shop.root() + "tasks"));
        var out = browser.post(url(shop.root() + "logout"), Map.of("_csrf", csrf(tasks)));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).startsWith(MallSession.COOKIE + "=;").contains("Max-Age=0"));
        assertThat(browser.get(url(shop.root())).statusCode()).as("the session is gone").isEqualTo(303);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedWithAPageAndChangesNothingWithItTheCheckInCounts() {
        var shop = shops().shop("mall-csrf", 0);
        fixtures.publish(shop.admin(), Fixtures.RULES, Instant.now().minusSeconds(60), null);
        var browser = signedIn(shop, shop.externalId());

        var forged = browser.post(url(shop.root() + "check-in"), Map.of());
        var wrongToken = browser.post(url(shop.root() + "check-in"), Map.of("_csrf", "not-the-token"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(forged.body()).contains("页面已过期").doesNotContain("Exception");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(fixtures.balance(shop.backEnd(), shop.memberId())).isZero();

        var checkedIn = browser.post(url(shop.root() + "check-in"), Map.of("_csrf", csrf(browser.get(url(shop.root() + "tasks")))));
        assertThat(checkedIn.statusCode()).as(checkedIn.body()).isEqualTo(302);
        await().atMost(Duration.ofSeconds(10)).until(() -> fixtures.balance(shop.backEnd(), shop.memberId()) == 10);
        assertThat(browser.get(url(shop.root() + "tasks")).body()).contains("今日已签到").contains("已连续签到 1 天")
                // One day is no streak milestone yet on the achievement wall.
                .contains("积分成就墙").doesNotContain("连续签到 7 天");
    }

    @Test
    void anExpiredReusedOrForgedLinkIsAFriendlyPageWithItsStatusInTheMembersLanguage() {
        var shop = shops().shop("mall-refused", 0);
        String fresh = MallShops.link(shop, shop.externalId(), null);
        var browser = new Browser();
        assertThat(browser.get(url(fresh)).statusCode()).isEqualTo(302);

        var reused = new Browser().get(url(fresh));
        var expired = new Browser().get(url(MallShops.link(shop.tenant().slug(), shop.secret(), shop.externalId(),
                Instant.now().getEpochSecond() - 600, MallShops.nonce(), null)));
        var forged = new Browser().get(url(MallShops.link(shop.tenant().slug(), "alsec_guess", shop.externalId(), Instant.now().getEpochSecond(),
                MallShops.nonce(), null)));
        var incomplete = new Browser().get(url(shop.root() + "auto-login?member=" + shop.externalId()));
        var english = new Http("http://127.0.0.1:" + port).withHeader("Accept-Language", "en-US,en;q=0.9").get(fresh, null);

        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.body()).contains("链接已使用过").doesNotContain("auto-login-replayed").doesNotContain("Exception");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("链接已过期");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("链接无效");
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.headers().firstValue("content-type").orElseThrow()).startsWith("text/html");
        assertThat(english.status()).isEqualTo(401);
        assertThat(english.body()).contains("This link was used already");
    }

    @Test
    void aMemberOfTenantBOpeningTenantAsMallGetsAsSignInPageNeverBsData() {
        var a = shops().shop("mall-a", 0);
        var b = shops().shop("mall-b", 7_777);
        var browserOfB = signedIn(b, b.externalId());
        String cookieOfB = browserOfB.get(url(b.root())).request().headers().firstValue("cookie").orElseThrow();

        // The browser keeps B's cookie to B's path; even sent to A's mall on purpose, it is nobody there.
        var aWithBsCookie = new Http("http://127.0.0.1:" + port).withHeader("Cookie", cookieOfB).get(a.root(), null);
        var aInTheSameBrowser = browserOfB.get(url(a.root()));

        assertThat(aWithBsCookie.status()).isEqualTo(303);
        assertThat(aWithBsCookie.headers().get("location")).containsExactly(a.root() + "login");
        assertThat(aInTheSameBrowser.statusCode()).isEqualTo(303);
        var login = browserOfB.get(url(a.root() + "login"));
        assertThat(login.body()).contains("品牌 " + a.tenant().slug()).doesNotContain("7,777").doesNotContain("品牌 " + b.tenant().slug());
    }

    @Test
    void anotherMembersOrderIsNotFoundAndABadCheckoutFormShowsTheFieldAndPlacesNothing() {
        var shop = shops().shop("mall-orders", 20_000);
        String other = "u-other-" + MallShops.nonce().substring(0, 6);
        shops().member(shop, other, 20_000);
        var owner = signedIn(shop, shop.externalId());
        var checkout = owner.get(url(shop.root() + "checkout/" + shop.voucherItem()));
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(200);
        String token = csrf(checkout);

        var bad = owner.post(url(shop.root() + "checkout/" + shop.voucherItem()), Map.of("_csrf", token, "key", "k-1", "quantity", "zwei"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"quantity-error\"").contains("数量须为 1 到 1000 的整数").contains("value=\"zwei\"");
        owner.get(url(shop.root() + "points"));
        // The token of an earlier page still holds after other pages (no rotation per request: another tab's form works).
        var shipNoAddress = owner.post(url(shop.root() + "checkout/" + shop.physicalItem()), Map.of("_csrf", token, "key", "k-2", "quantity", "1"));
        assertThat(shipNoAddress.statusCode()).isEqualTo(400);
        assertThat(shipNoAddress.body()).contains("请填写详细地址");
        assertThat(fixtures.balance(shop.backEnd(), shop.memberId())).as("nothing placed").isEqualTo(20_000);

        var placed = owner.post(url(shop.root() + "checkout/" + shop.voucherItem()), Map.of("_csrf", token, "key", "k-3", "quantity", "1"));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(302);
        // Tomcat makes the redirect absolute; the path is what the member's order is.
        String orderPath = java.net.URI.create(Browser.location(placed).orElseThrow()).getPath();
        assertThat(orderPath).startsWith(shop.root() + "orders/");
        await().atMost(Duration.ofSeconds(20)).until(() -> owner.get(url(orderPath)).body().contains("voucher-code"));
        assertThat(owner.get(url(orderPath)).body()).contains("LATTE-" + shop.tenant().slug().toUpperCase() + "-0001");

        var stranger = signedIn(shop, other);
        var theirs = stranger.get(url(orderPath));
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirs.body()).contains("找不到页面").doesNotContain("LATTE");
    }

    @Test
    void theQuoteIsExplainedInTheMembersLanguage() {
        var shop = shops().shop("mall-quote", 20_000);
        var member = signedIn(shop, shop.externalId());
        var zh = member.get(url(shop.root() + "items/" + shop.physicalItem()));
        assertThat(zh.statusCode()).as(zh.body()).isEqualTo(200);
        assertThat(zh.body()).contains("1 × ¥50.00 = ¥50.00，按").doesNotContain("in points at");
        var en = member.get(url(shop.root() + "items/" + shop.physicalItem() + "/quote?quantity=2&lang=en"));
        assertThat(en.body()).contains("2 × ¥50.00 = ¥100.00 in points at").doesNotContain("折算");
    }

    @Test
    void theMemberConfirmsACancellationAndAnOrderBeingFulfilledCannotBeCancelled() {
        var shop = shops().shop("mall-cancel", 20_000);
        var owner = signedIn(shop, shop.externalId());
        String token = csrf(owner.get(url(shop.root() + "checkout/" + shop.voucherItem())));
        var placed = owner.post(url(shop.root() + "checkout/" + shop.voucherItem()), Map.of("_csrf", token, "key", "c-1", "quantity", "1"));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(302);
        String orderPath = java.net.URI.create(Browser.location(placed).orElseThrow()).getPath();
        // An e-voucher is delivered at once: past fulfilment, no cancel button, and a cancellation is refused on the page.
        await().atMost(Duration.ofSeconds(20)).until(() -> owner.get(url(orderPath)).body().contains("voucher-code"));
        assertThat(owner.get(url(orderPath)).body()).doesNotContain("id=\"order-cancel\"");
        var confirm = owner.get(url(orderPath + "/cancel"));
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("确认取消订单").doesNotContain("id=\"cancel-confirm\"");
        var refused = owner.post(url(orderPath + "/cancel"), Map.of("_csrf", csrf(owner.get(url(shop.root() + "checkout/" + shop.voucherItem())))));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"cancel-problem\"").contains("不能取消");
        assertThat(fixtures.balance(shop.backEnd(), shop.memberId())).isEqualTo(19_000);

        String other = "u-other-" + MallShops.nonce().substring(0, 6);
        shops().member(shop, other, 100);
        var stranger = signedIn(shop, other);
        assertThat(stranger.get(url(orderPath + "/cancel")).statusCode()).isEqualTo(404);
        var notTheirs = stranger.post(url(orderPath + "/cancel"), Map.of("_csrf", csrf(stranger.get(url(shop.root() + "checkout/" + shop.voucherItem())))));
        assertThat(notTheirs.statusCode()).isEqualTo(404);
    }

    @Test
    void theTenantsColourIsValidatedAndPaintsItsMall() {
        var shop = shops().shop("mall-colour", 0);
        var bad = http().patchJson("/api/v1/tenant", shop.admin(), Map.of("primaryColor", "red"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("primaryColor");
        var good = http().patchJson("/api/v1/tenant", shop.admin(), Map.of("primaryColor", "#0a7d3b", "accentColor", "#FFD400"));
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(good.json().get("primaryColor").asString()).isEqualTo("#0A7D3B");

        var page = new Browser().get(url(shop.root() + "login"));
        assertThat(page.body()).contains("--p:#0A7D3B").contains("--a:#FFD400").contains("--on-a:#000000");
    }

    @Test
    void aKeycloakUserWithoutAMemberIsToldSoOnTheMallsSignInPageAndGetsNoSession() {
        var shop = shops().shop("mall-sso", 0);
        var browser = new Browser();
        var toKeycloak = browser.get(url(shop.root() + "sso"));
        assertThat(toKeycloak.statusCode()).isEqualTo(302);
        String authorize = Browser.location(toKeycloak).orElseThrow();
        assertThat(authorize).startsWith(stack().issuerUri() + "/protocol/openid-connect/auth?").contains("client_id=jifen-mall-web")
                .contains("code_challenge_method=S256").contains("scope=openid%20organization:" + shop.tenant().slug());
        assertThat(toKeycloak.headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).startsWith(KeycloakSignIn.COOKIE + "=")
                .contains("HttpOnly").contains("Path=" + shop.root() + "sso"));
        var loginPage = browser.follow(browser.get(authorize), stack().keycloakUrl());
        assertThat(loginPage.body()).contains("品牌 " + shop.tenant().slug());

        // The tenant's admin is a Keycloak user of this tenant, but no member.
        var back = browser.follow(browser.post(Browser.formAction(loginPage), Map.of("username", shop.tenant().adminEmail(),
                "password", shop.tenant().adminPassword())), stack().keycloakUrl());
        assertThat(Browser.location(back).orElseThrow()).contains(shop.root() + "sso/callback?");
        var answer = browser.get(Browser.location(back).orElseThrow());

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("您的账号尚未开通积分商城");
        assertThat(answer.headers().allValues("set-cookie")).noneSatisfy(c -> assertThat(c).startsWith(MallSession.COOKIE + "="));
        assertThat(browser.get(url(shop.root())).statusCode()).isEqualTo(303);
        var replayed = browser.get(Browser.location(back).orElseThrow());
        assertThat(replayed.statusCode()).as("the sign-in's cookie is spent").isEqualTo(401);
    }

    @Test
    void theAddressPagesAndTheCheckoutTakeOnlyTheMembersOwnAddresses() {
        var shop = shops().shop("mall-addr", 20_000);
        String other = "u-other-" + MallShops.nonce().substring(0, 6);
        shops().member(shop, other, 20_000);
        var owner = signedIn(shop, shop.externalId());
        String token = csrf(owner.get(url(shop.root() + "addresses/new")));
        var address = new java.util.HashMap<>(Map.of("_csrf", token, "recipient", "李雷", "phone", "123", "province", "上海市", "city", "上海市",
                "district", "浦东新区", "line", "世纪大道 1 号"));

        var bad = owner.post(url(shop.root() + "addresses"), address);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"phone-error\"").contains("请填写正确的手机号码").contains("世纪大道 1 号");
        assertThat(owner.get(url(shop.root() + "addresses")).body()).doesNotContain("世纪大道 1 号");
        address.put("phone", "138 0000 0000");
        var added = owner.post(url(shop.root() + "addresses"), address);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(302);
        String list = owner.get(url(shop.root() + "addresses")).body();
        assertThat(list).contains("上海市浦东新区世纪大道 1 号").contains("13800000000").contains("默认");
        Matcher link = Pattern.compile("addresses/([0-9a-f-]{36})\"").matcher(list);
        assertThat(link.find()).isTrue();
        String id = link.group(1);

        var stranger = signedIn(shop, other);
        String theirToken = csrf(stranger.get(url(shop.root() + "addresses/new")));
        var edit = stranger.get(url(shop.root() + "addresses/" + id));
        assertThat(edit.statusCode()).isEqualTo(404);
        assertThat(edit.body()).doesNotContain("世纪大道");
        assertThat(stranger.post(url(shop.root() + "addresses/" + id + "/delete"), Map.of("_csrf", theirToken)).statusCode()).isEqualTo(404);
        var theirCheckout = stranger.post(url(shop.root() + "checkout/" + shop.physicalItem()), Map.of("_csrf", theirToken, "key", "s-1",
                "quantity", "1", "addressId", id));
        assertThat(theirCheckout.statusCode()).isEqualTo(404);
        assertThat(owner.post(url(shop.root() + "addresses/" + id + "/delete"), Map.of()).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(owner.get(url(shop.root() + "addresses")).body()).contains("上海市浦东新区世纪大道 1 号");

        var checkout = owner.get(url(shop.root() + "checkout/" + shop.physicalItem()));
        assertThat(checkout.body()).containsPattern("value=\"" + id + "\"[^>]*checked");
        var placed = owner.post(url(shop.root() + "checkout/" + shop.physicalItem()), Map.of("_csrf", token, "key", "o-1", "quantity", "1",
                "addressId", id));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(302);
        String orderPath = java.net.URI.create(Browser.location(placed).orElseThrow()).getPath();
        assertThat(owner.get(url(orderPath)).body()).contains("上海市浦东新区世纪大道 1 号").contains("李雷");
    }
}
