package dev.custody.archfixture.ports;

/** Breaks "ports are plain Java": it reaches into the domain. */
public interface LeakyPort {
    dev.custody.archfixture.domain.Rule rule();
}
