package io.jifen.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The hub's front door: its API is the package {@code io.jifen.hub}, which uses nothing internal; each package under
 * {@code io.jifen.hub.internal} is a module (Spring Modulith) that uses only the other modules' top-level types; and no
 * package of the hub is part of a cycle.
 */
class HubModularityTests {

    private static final ImportOption MAIN_CODE = new ImportOption.DoNotIncludeTests();
    private static final JavaClasses HUB = new ClassFileImporter().withImportOption(MAIN_CODE).importPackages("io.jifen.hub");

    @Test
    void internalModulesOnlyUseEachOthersTopLevelTypesAndFormNoCycles() {
        ApplicationModules.of("io.jifen.hub.internal", MAIN_CODE).verify();
    }

    @Test
    void theApiUsesNothingInternal() {
        noClasses().that().resideInAPackage("io.jifen.hub").should().dependOnClassesThat().resideInAPackage("io.jifen.hub.internal..")
                .check(HUB);
    }

    @Test
    void noPackageOfTheHubIsPartOfACycle() {
        slices().matching("io.(**)").should().beFreeOfCycles().check(HUB);
    }
}
