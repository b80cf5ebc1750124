package io.jifen.platform.ledger;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/** The expiry job hands each partition its tenants as text; the reader gets them back as ids through Spring's conversion. */
class ExpiryPartitionTenantsTest {

    private static final TypeDescriptor IDS = TypeDescriptor.collection(List.class, TypeDescriptor.valueOf(UUID.class));

    @Test
    void aPartitionsTenantsComeBackAsTheIdsTheyWere() {
        List<UUID> tenants = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

        assertThat(read(StringUtils.collectionToCommaDelimitedString(tenants))).isEqualTo(tenants);
    }

    @Test
    void aPartitionWithoutTenantsReadsNone() {
        assertThat(read(StringUtils.collectionToCommaDelimitedString(List.of()))).isEqualTo(List.of());
    }

    private static Object read(String text) {
        return ApplicationConversionService.getSharedInstance().convert(text, TypeDescriptor.valueOf(String.class), IDS);
    }
}
