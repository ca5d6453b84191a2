package dev.custody.app;

import dev.custody.app.cli.CustodyCommand;

/** The one entry point of {@code custody.jar}: the CLI, whose default command serves. */
public final class Custody {

    private Custody() {
    }

    public static void main(String[] args) {
        System.exit(CustodyCommand.run(args));
    }
}
