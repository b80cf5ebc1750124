package io.jifen.platform.storefront;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jifen.platform.problem.DomainException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the pages write: money exactly from fen, dates in the tenant's zone, readable text on the brand's colours, the checkout form's own checks. */
class StorefrontFormatsTest {

    private final Formats formats = new Formats("Asia/Shanghai");

    @Test
    void fenAreWrittenAsYuanByIntegerArithmetic() {
        assertThat(formats.yuan(0)).isEqualTo("0.00");
        assertThat(formats.yuan(5)).isEqualTo("0.05");
        assertThat(formats.yuan(123_456)).isEqualTo("1,234.56");
        assertThat(formats.yuan(-2_001)).isEqualTo("-20.01");
        assertThat(formats.yuan(Long.MAX_VALUE)).isEqualTo("92,233,720,368,547,758.07");
        assertThat(formats.points(12_000)).isEqualTo("12,000");
    }

    @Test
    void aCategoryFacetsKeyIsItsIdAndName() {
        assertThat(formats.facetId("9987:手机通讯")).isEqualTo("9987");
        assertThat(formats.facetName("9987:手机通讯")).isEqualTo("手机通讯");
        assertThat(formats.facetId("books")).isEqualTo("books");
        assertThat(formats.facetName("books")).isEqualTo("books");
        assertThat(formats.facetName("42:")).isEqualTo("42:");
    }

    @Test
    void timesAreShownInTheTenantsZone() {
        assertThat(formats.dateTime(Instant.parse("2026-11-30T16:30:00Z"))).isEqualTo("2026-12-01 00:30");
        assertThat(formats.date(Instant.parse("2026-11-30T16:30:00Z"))).isEqualTo("2026-12-01");
    }

    @Test
    void textOnTheBrandsColourIsWhiteOnDarkAndBlackOnLight() {
        assertThat(Brand.readableOn("#C8102E")).isEqualTo("#FFFFFF");
        assertThat(Brand.readableOn("#0A7D3B")).isEqualTo("#FFFFFF");
        assertThat(Brand.readableOn("#FFD400")).isEqualTo("#000000");
        assertThat(Brand.readableOn("#FFFFFF")).isEqualTo("#000000");
        assertThat(Brand.readableOn("#000000")).isEqualTo("#FFFFFF");
        // As text on white (prices): a dark enough colour stays, a light one is darkened until it reads at 4.5:1.
        assertThat(Brand.inkOnWhite("#C8102E")).isEqualTo("#C8102E");
        assertThat(Brand.inkOnWhite("#F5C518")).isEqualTo("#866C0D");
        assertThat(Brand.inkOnWhite("#FFFFFF")).isEqualTo("#727272");
    }

    @Test
    void theCheckoutFormNamesEachBadFieldAndKeepsWhatWasTyped() {
        var form = CheckoutForm.of(Map.of("quantity", "zwei", "points", "-3", "mobile", "call me", "province", "上海市", "line", "x",
                "paymentMethod", "CASH"));

        assertThatThrownBy(() -> form.newAddress().normalized()).isInstanceOfSatisfying(DomainException.class, form::showAddressProblems);
        assertThat(form.check(true, true)).isFalse();

        assertThat(form.getErrors()).containsOnlyKeys("quantity", "points", "recipient.name", "recipient.mobile", "city", "district", "line", "account",
                "paymentMethod");
        assertThat(form.getQuantity()).isEqualTo("zwei");
        assertThat(form.typedAddress()).as("no address of the book chosen").isTrue();
        var good = CheckoutForm.of(Map.of("quantity", "2", "name", "李雷", "mobile", "138 0000 0000", "province", "上海市", "city", "上海市",
                "district", "浦东新区", "line", "世纪大道 1 号", "save", "true"));
        assertThat(good.check(false, false)).isTrue();
        assertThat(good.quantityValue()).isEqualTo(2);
        var address = good.newAddress().normalized();
        assertThat(address.phone()).isEqualTo("13800000000");
        assertThat(address.fullAddress()).isEqualTo("上海市浦东新区世纪大道 1 号");
        assertThat(good.getSave()).isTrue();
    }
}
