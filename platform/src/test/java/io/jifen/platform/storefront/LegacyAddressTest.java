package io.jifen.platform.storefront;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A one-line address of an order before the address book, split into the book's fields where its divisions tell. */
class LegacyAddressTest {

    @Test
    void aMunicipalityIsItsOwnCity() {
        assertThat(LegacyAddress.split("上海市浦东新区世纪大道 100 号")).isEqualTo(new LegacyAddress("上海市", "上海市", "浦东新区", "世纪大道 100 号"));
        assertThat(LegacyAddress.split("北京 北京市 朝阳区 建国路 88 号")).isEqualTo(new LegacyAddress("北京市", "北京市", "朝阳区", "建国路 88 号"));
    }

    @Test
    void aProvinceCityAndDistrictAreSplitByTheirSuffixes() {
        assertThat(LegacyAddress.split("广东省深圳市南山区科技园南路 8 号")).isEqualTo(new LegacyAddress("广东省", "深圳市", "南山区", "科技园南路 8 号"));
        assertThat(LegacyAddress.split("新疆维吾尔自治区乌鲁木齐市天山区解放北路 1 号"))
                .isEqualTo(new LegacyAddress("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放北路 1 号"));
        assertThat(LegacyAddress.split("江苏省苏州市昆山市前进西路 2 号")).isEqualTo(new LegacyAddress("江苏省", "苏州市", "昆山市", "前进西路 2 号"));
    }

    @Test
    void whatCannotBeToldApartStaysInTheLine() {
        assertThat(LegacyAddress.split("广东省东莞市长安镇振安中路 1 号")).isEqualTo(new LegacyAddress("广东省", "东莞市", "", "长安镇振安中路 1 号"));
        assertThat(LegacyAddress.split("Room 5, 100 Century Avenue")).isEqualTo(new LegacyAddress("", "", "", "Room 5, 100 Century Avenue"));
    }
}
