package dev.custody.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The module arrows of architecture §2, as rules over a root package, so the same rules can be shown
 * to fail on a fixture that breaks them.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** ports → JDK only. */
    static ArchRule portsArePlainJava(String root) {
        return classes().that().resideInAPackage(root + ".ports..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".ports..")
                .because("plugin authors depend on ports alone; it must carry no framework or library");
    }

    /** core-domain → ports (and the JDK) only. */
    static ArchRule domainDependsOnPortsOnly(String root) {
        return classes().that().resideInAPackage(root + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", root + ".ports..", root + ".domain..")
                .because("the domain talks to storage only through ports and uses no framework");
    }

    /** Adapters never depend on each other. */
    static ArchRule adaptersAreIndependent(String root) {
        return slices().matching(root + ".adapters.(*)..").should().notDependOnEachOther()
                .because("an adapter is replaceable; it knows ports and its vendor library only");
    }

    /** Adapters never depend on the domain's services or on the app. */
    static ArchRule adaptersDependOnPortsNotDomainOrApp(String root) {
        return noClasses().that().resideInAPackage(root + ".adapters..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".domain..", root + ".app..")
                .because("adapters implement ports; the app wires them to the domain");
    }

    /** Plugins (sinks, examples) depend on ports, never on the domain, adapters or the app. */
    static ArchRule pluginsDependOnPortsOnly(String root) {
        return noClasses().that().resideInAPackage(root + ".plugins..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".domain..", root + ".adapters..", root + ".app..")
                .allowEmptyShould(true)
                .because("plugins are built against the published SPI only");
    }

    /** The contract kit may use the domain (to build valid chains) but no adapter or the app. */
    static ArchRule tckDependsOnPortsAndDomainOnly(String root) {
        return noClasses().that().resideInAPackage(root + ".tck..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".adapters..", root + ".app..")
                .because("the kit must run against any backend without knowing one");
    }

    /** Nothing but the app depends on the app. */
    static ArchRule onlyAppDependsOnApp(String root) {
        return noClasses().that().resideOutsideOfPackage(root + ".app..")
                .should().dependOnClassesThat().resideInAPackage(root + ".app..")
                .because("the app is the composition root, at the top of every arrow");
    }

    /**
     * Classes found by ServiceLoader carry no Micronaut: they are created by the JDK, not a DI container. The
     * domain and plugins use no Micronaut at all; an adapter may start a Micronaut context of its own behind
     * its provider (architecture §2: "an adapter may start what it needs internally"), but the provider
     * class itself stays plain.
     */
    static ArchRule providersAreFrameworkFree(String root) {
        return noClasses().that().resideInAnyPackage(root + ".plugins..", root + ".domain..")
                .or().resideInAPackage(root + ".adapters..").and().implement(dev.custody.ports.spi.Provider.class)
                .should().dependOnClassesThat().resideInAPackage("io.micronaut..")
                .because("providers are instantiated by java.util.ServiceLoader");
    }
}
