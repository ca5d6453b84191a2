package dev.custody.archfixture.app;

/** The fixture's composition root. */
public class Wiring {
}
