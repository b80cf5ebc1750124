package io.jifen.billing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Billing's front door: its API is the package {@code io.jifen.billing}, which uses nothing internal; each package under
 * {@code io.jifen.billing.internal} is a module (Spring Modulith) that uses only the other modules' top-level types; and no
 * package of billing is part of a cycle.
 */
class BillingModularityTests {

    private static final ImportOption MAIN_CODE = new ImportOption.DoNotIncludeTests();
    private static final JavaClasses BILLING = new ClassFileImporter().withImportOption(MAIN_CODE).importPackages("io.jifen.billing");

    @Test
    void internalModulesOnlyUseEachOthersTopLevelTypesAndFormNoCycles() {
        ApplicationModules.of("io.jifen.billing.internal", MAIN_CODE).verify();
    }

    @Test
    void theApiUsesNothingInternal() {
        noClasses().that().resideInAPackage("io.jifen.billing").should().dependOnClassesThat().resideInAPackage("io.jifen.billing.internal..")
                .check(BILLING);
    }

    @Test
    void noPackageOfBillingIsPartOfACycle() {
        slices().matching("io.(**)").should().beFreeOfCycles().check(BILLING);
    }

    @Test
    void billingKnowsNothingOfThePlatformOrTheHub() {
        noClasses().that().resideInAPackage("io.jifen.billing..").should().dependOnClassesThat()
                .resideInAnyPackage("io.jifen.platform..", "io.jifen.hub..").check(BILLING);
    }
}
