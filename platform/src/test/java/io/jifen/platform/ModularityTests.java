package io.jifen.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import com.tngtech.archunit.core.importer.ClassFileImporter;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(JifenApplication.class);

    @Test
    void featureModulesOnlyUseEachOthersPublicApiAndFormNoCycles() {
        modules.verify();
    }

    @Test
    void thePlatformUsesTheSupplierHubThroughItsApiOnly() {
        noClasses().that().resideInAPackage("io.jifen.platform..").should().dependOnClassesThat().resideInAPackage("io.jifen.hub.internal..")
                .check(new ClassFileImporter().importPackages("io.jifen.platform"));
    }

    @Test
    void thePlatformUsesBillingThroughItsApiOnly() {
        noClasses().that().resideInAPackage("io.jifen.platform..").should().dependOnClassesThat().resideInAPackage("io.jifen.billing.internal..")
                .check(new ClassFileImporter().importPackages("io.jifen.platform"));
    }
}
