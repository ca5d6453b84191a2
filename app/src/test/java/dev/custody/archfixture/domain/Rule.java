package dev.custody.archfixture.domain;

/** Breaks "domain depends on ports only": it uses an adapter and the app. */
public class Rule {
    public Object leak() {
        return new dev.custody.archfixture.adapters.alpha.AlphaStore().toString()
                + dev.custody.archfixture.app.Wiring.class.getName();
    }
}
