package io.jifen.platform;

import java.time.Instant;
import java.util.UUID;

import io.jifen.platform.ledger.Ledger;
import io.jifen.platform.ledger.PointTypeCatalog;
import io.jifen.platform.mall.Item;
import io.jifen.platform.mall.ItemRequest;
import io.jifen.platform.mall.MallItems;
import io.jifen.platform.mall.Quotes;
import io.jifen.platform.me.AutoLogin;
import io.jifen.platform.me.AutoLoginLink;
import io.jifen.platform.member.MemberDirectory;

/**
 * The run command's demo mall for the current tenant: two items when it has none, points for its first consumer, a new
 * auto-login secret, and the lines that print the mall's URL and a fresh auto-login link (it works once, for 5 minutes).
 */
final class DemoMall {

    private final AutoLogin autoLogin;
    private final MallItems items;
    private final Ledger ledger;
    private final MemberDirectory members;

    DemoMall(AutoLogin autoLogin, MallItems items, Ledger ledger, MemberDirectory members) {
        this.autoLogin = autoLogin;
        this.items = items;
        this.ledger = ledger;
        this.members = members;
    }

    String open(String slug, int port) {
        if (items.list(null, null, 1).isEmpty()) {
            items.create(item(Item.Kind.PHYSICAL, "保温杯 500ml", Quotes.Payment.POINTS, 6_800, null, 50L), "demo");
            items.create(item(Item.Kind.PHYSICAL, "运动水壶（积分 + 现金）", Quotes.Payment.POINTS_AND_CASH, 9_900, 2_000L, 30L), "demo");
        }
        String consumer = slug + "-c-001";
        UUID member = members.getByExternalId(consumer).id();
        ledger.earn("demo-welcome-" + slug, new Ledger.Earn(member, PointTypeCatalog.DEFAULT_CODE, 20_000, "demo", "欢迎积分", null, "demo"));
        String secret = autoLogin.rotateSecret();
        String ts = String.valueOf(Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String sig = AutoLoginLink.sign(secret, AutoLoginLink.canonical(slug, consumer, ts, nonce, null));
        String base = "http://127.0.0.1:" + port + "/m/" + slug + "/";
        return """
                    mall           %s  (the phone's mall; employees and dealers sign in there)
                    auto-login     secret %s (new at every start)
                    a link for %s, once, within 5 minutes:
                      %sauto-login?member=%s&ts=%s&nonce=%s&sig=%s
                """.formatted(base, secret, consumer, base, consumer, ts, nonce, sig);
    }

    private static ItemRequest item(Item.Kind kind, String title, Quotes.Payment payment, long priceFen, Long cashFen, Long stock) {
        return new ItemRequest(kind, title, null, null, Item.Status.ON_SALE, null, payment, priceFen, cashFen, stock, null, null, null, null, null,
                null, null, null);
    }
}
