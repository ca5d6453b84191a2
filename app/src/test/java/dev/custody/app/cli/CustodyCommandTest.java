package dev.custody.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CustodyCommandTest {

    @Test
    void help_listsEveryCommand() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("serve", "verify", "export", "verify-export", "bench");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void subcommandHelp_showsOptionsAndExitCodes() {
        Cli.Result r = Cli.run("verify", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--namespace", "--tenant", "--from-seq", "--to-seq", "--config", "--data-dir",
                "Exit codes", "no such chain");
    }

    @Test
    void unknownOption_exits2WithOneLineAndHint() {
        Cli.Result r = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines().get(0)).isEqualTo("custody: Unknown option: '--bogus'");
        assertThat(r.errLines()).last().isEqualTo("Try 'custody verify --help' for more information.");
    }

    @Test
    void missingRequiredOption_exits2NamingIt() {
        Cli.Result r = Cli.run("export", "--tenant", "acme");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines().get(0)).startsWith("custody: Missing required option").contains("--namespace");
        assertThat(r.errLines()).last().isEqualTo("Try 'custody export --help' for more information.");
    }

    @Test
    void unknownCommand_exits2() {
        Cli.Result r = Cli.run("verfiy-export", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument", "verfiy-export", "custody --help");
    }

    @Test
    void invalidChainName_exits2NamingTheRule() {
        Cli.Result r = Cli.run("verify", "--namespace", "../etc", "--tenant", "acme");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines().get(0)).startsWith("custody: Invalid chain: namespace must match");
    }

    @Test
    void badSeqRange_exits2() {
        Cli.Result r = Cli.run("verify", "--namespace", "billing", "--tenant", "acme", "--from-seq", "5", "--to-seq", "2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines().get(0)).isEqualTo("custody: --to-seq must be >= --from-seq, got 5..2");
    }
}
