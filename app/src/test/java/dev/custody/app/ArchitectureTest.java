package dev.custody.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the arrows of architecture §2, and shows each rule fails on a fixture that breaks it. */
class ArchitectureTest {

    private static final String ROOT = "dev.custody";
    private static JavaClasses production;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        fixture = new ClassFileImporter().importPackages(ROOT + ".archfixture");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : List.of(".ports.", ".ports.spi.", ".domain.chain.", ".domain.json.", ".domain.memory.",
                ".adapters.file.", ".tck.", ".app.")) {
            assertThat(production.stream().anyMatch(c -> c.getName().startsWith(ROOT + pkg)))
                    .as("classes of %s%s imported", ROOT, pkg).isTrue();
        }
    }

    @Test
    void portsArePlainJava() {
        ArchitectureRules.portsArePlainJava(ROOT).check(production);
    }

    @Test
    void domainDependsOnPortsOnly() {
        ArchitectureRules.domainDependsOnPortsOnly(ROOT).check(production);
    }

    @Test
    void adaptersAreIndependent() {
        ArchitectureRules.adaptersAreIndependent(ROOT).check(production);
    }

    @Test
    void adaptersDependOnPortsNotDomainOrApp() {
        ArchitectureRules.adaptersDependOnPortsNotDomainOrApp(ROOT).check(production);
    }

    @Test
    void pluginsDependOnPortsOnly() {
        ArchitectureRules.pluginsDependOnPortsOnly(ROOT).check(production);
    }

    @Test
    void tckDependsOnPortsAndDomainOnly() {
        ArchitectureRules.tckDependsOnPortsAndDomainOnly(ROOT).check(production);
    }

    @Test
    void onlyAppDependsOnApp() {
        ArchitectureRules.onlyAppDependsOnApp(ROOT).check(production);
    }

    @Test
    void providersAreFrameworkFree() {
        ArchitectureRules.providersAreFrameworkFree(ROOT).check(production);
    }

    @Test
    void everyRuleFailsOnAFixtureThatBreaksIt() {
        String bad = ROOT + ".archfixture";
        List<Function<String, ArchRule>> rules = List.of(ArchitectureRules::portsArePlainJava,
                ArchitectureRules::domainDependsOnPortsOnly, ArchitectureRules::adaptersAreIndependent,
                ArchitectureRules::adaptersDependOnPortsNotDomainOrApp, ArchitectureRules::onlyAppDependsOnApp);
        for (Function<String, ArchRule> rule : rules) {
            ArchRule r = rule.apply(bad);
            assertThatThrownBy(() -> r.check(fixture)).as(r.getDescription()).isInstanceOf(AssertionError.class);
        }
    }
}
