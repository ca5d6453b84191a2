package dev.custody.app.cli.bench;

import static java.util.Objects.requireNonNull;

import dev.custody.ports.ChainId;

/**
 * Which chain each append of a benchmark goes to. Chains are {@code <namespace>/t<k>}, made when asked for, so
 * that a million of them cost the load generator nothing.
 */
sealed interface BenchChains {

    /** The chain of append number {@code request} (0, 1, ...) sent by client {@code client}. */
    ChainId chain(int client, long request);

    /** How many chains there are. */
    int count();

    /**
     * Client i writes chain i mod {@code count} for the whole run: a chain's appends follow each other as
     * fast as its clients send them.
     */
    record PerClient(String namespace, int count) implements BenchChains {
        public PerClient {
            requireNonNull(namespace, "namespace is null");
        }

        @Override
        public ChainId chain(int client, long request) {
            return ChainId.of(namespace, "t" + client % count);
        }
    }

    /**
     * Append number r goes to chain r mod {@code count}, whichever client sends it: the run visits every chain
     * once per round, in the same order, so between two appends to a chain every other chain is appended to
     * once. With more chains than a store keeps open (plus the clients' appends in flight), every append after
     * the first round goes to a chain that is not open at the time; the first round creates the chains.
     */
    record Rounds(String namespace, int count) implements BenchChains {
        public Rounds {
            requireNonNull(namespace, "namespace is null");
        }

        @Override
        public ChainId chain(int client, long request) {
            return ChainId.of(namespace, "t" + request % count);
        }

        /** Whether append number {@code request} goes to a chain this run appended to before (a later round). */
        boolean revisit(long request) {
            return request >= count;
        }
    }
}
