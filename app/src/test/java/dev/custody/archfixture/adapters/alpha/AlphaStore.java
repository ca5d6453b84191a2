package dev.custody.archfixture.adapters.alpha;

/** Breaks "adapters are independent" and "adapters never use the domain or app". */
public class AlphaStore {
    @Override
    public String toString() {
        return new dev.custody.archfixture.adapters.beta.BetaStore().toString()
                + new dev.custody.archfixture.domain.Rule().hashCode()
                + dev.custody.archfixture.app.Wiring.class;
    }
}
