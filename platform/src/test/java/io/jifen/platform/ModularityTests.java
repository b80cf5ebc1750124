package io.jifen.platform;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(JifenApplication.class);

    @Test
    void featureModulesOnlyUseEachOthersPublicApiAndFormNoCycles() {
        modules.verify();
    }
}
