package io.jifen.platform.storefront;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.jifen.platform.me.AutoLoginLink;
import io.jifen.platform.support.Fixtures;
import io.jifen.platform.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's mall ready to shop in, made through the platform's API as a brand would: its auto-login secret, a member
 * with points, an e-voucher item with codes and a shipped item; and auto-login links minted as the brand's back end
 * mints them (HMAC-SHA256 over the documented canonical string).
 */
final class MallShops {

    record Shop(Fixtures.TenantFixture tenant, String admin, String backEnd, String secret, String externalId, String memberId,
                String voucherItem, String physicalItem) {

        String root() {
            return "/m/" + tenant.slug() + "/";
        }
    }

    private final Fixtures fixtures;
    private final Http http;

    MallShops(Fixtures fixtures, Http http) {
        this.fixtures = fixtures;
        this.http = http;
    }

    Shop shop(String prefix, long points) {
        var tenant = fixtures.tenant(prefix);
        String admin = fixtures.adminToken(tenant);
        String backEnd = fixtures.apiToken(tenant);
        var issued = http.postJson("/api/v1/auto-login/secret", admin, "{}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String externalId = "u-" + UUID.randomUUID().toString().substring(0, 8);
        String member = fixtures.member(backEnd, externalId);
        if (points > 0) {
            var earned = http.send("POST", "/api/v1/members/" + member + "/points/earn", backEnd, "application/json",
                    Http.json(Map.of("points", points)), UUID.randomUUID().toString());
            assertThat(earned.status()).as(earned.body()).isEqualTo(201);
        }
        String voucher = item(admin, "VOUCHER_CODE", "星巴克 中杯拿铁 电子券", 1_000, 0);
        var upload = http.send("POST", "/api/v1/mall/items/" + voucher.substring(5) + "/codes", admin, "text/csv",
                "LATTE-" + tenant.slug().toUpperCase() + "-0001\nLATTE-" + tenant.slug().toUpperCase() + "-0002\n", UUID.randomUUID().toString());
        assertThat(upload.status()).as(upload.body()).isIn(200, 201);
        String physical = item(admin, "PHYSICAL", "品牌保温杯", 5_000, 10);
        return new Shop(tenant, admin, backEnd, issued.json().get("secret").asString(), externalId, member, voucher, physical);
    }

    /** A second member of the shop's tenant, with points. */
    String member(Shop shop, String externalId, long points) {
        String member = fixtures.member(shop.backEnd(), externalId);
        var earned = http.send("POST", "/api/v1/members/" + member + "/points/earn", shop.backEnd(), "application/json",
                Http.json(Map.of("points", points)), UUID.randomUUID().toString());
        assertThat(earned.status()).as(earned.body()).isEqualTo(201);
        return member;
    }

    private String item(String admin, String kind, String title, long priceFen, long stock) {
        var body = new LinkedHashMap<String, Object>(Map.of("kind", kind, "title", title, "status", "ON_SALE", "payment", "POINTS",
                "priceFen", priceFen, "stock", stock));
        var created = http.postJson("/api/v1/mall/items", admin, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return "item:" + created.json().get("id").asString();
    }

    /** The mall's auto-login page for a member, signed now with a fresh nonce. */
    static String link(Shop shop, String externalId, String redirect) {
        return link(shop.tenant().slug(), shop.secret(), externalId, Instant.now().getEpochSecond(), nonce(), redirect);
    }

    static String link(String slug, String secret, String externalId, long ts, String nonce, String redirect) {
        String sig = AutoLoginLink.sign(secret, AutoLoginLink.canonical(slug, externalId, String.valueOf(ts), nonce, redirect));
        return "/m/" + slug + "/auto-login?member=" + encode(externalId) + "&ts=" + ts + "&nonce=" + nonce
                + (redirect == null ? "" : "&redirect=" + encode(redirect)) + "&sig=" + sig;
    }

    static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
