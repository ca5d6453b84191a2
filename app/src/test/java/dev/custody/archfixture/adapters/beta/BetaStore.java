package dev.custody.archfixture.adapters.beta;

/** The other adapter AlphaStore wrongly depends on. */
public class BetaStore {
}
