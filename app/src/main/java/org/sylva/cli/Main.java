package org.sylva.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code sylva} command. Subcommands are thin shells over the core API; every failure a user can cause ends
 * as one line on stderr ({@code sylva: error: <file>: <problem>}) and a non-zero exit code.
 *
 * <p>Exit codes: 0 success, 1 error (bad input, failed computation), 2 wrong usage (unknown option, missing
 * argument), 70 internal error (a bug: the message asks for a report).
 */
@Command(name = "sylva", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Interactive machine-learning segmentation and classification of microscopy images.",
        subcommands = {org.sylva.web.AppCommand.class, DemoCommand.class, TrainCommand.class, ObjectsCommand.class,
                ImportCommand.class, HeadlessCommand.class,
                FeaturesCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Exit code for errors the user can fix (bad file, bad value). */
    public static final int ERROR = 1;
    /** Exit code for a bug in Sylva. */
    public static final int INTERNAL = 70;

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and for {@link #main}). */
    public static int run(String... args) {
        // no arguments: the interactive app on the demo project (./sylva --help still prints the help)
        if (args.length == 0) args = new String[]{"app"};
        args = headless(args);
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr()));
        return cl.execute(args);
    }

    /**
     * ilastik's form {@code --headless --project=… …} (the flag anywhere, as ilastik accepts it) becomes the
     * {@code headless} subcommand with the other arguments.
     */
    static String[] headless(String[] args) {
        int at = java.util.Arrays.asList(args).indexOf("--headless");
        if (at < 0) return args;
        String[] out = new String[args.length];
        out[0] = "headless";
        for (int i = 0, o = 1; i < args.length; i++) if (i != at) out[o++] = args[i];
        return out;
    }

    /** One clear line for the user; the stack trace only with {@code SYLVA_DEBUG=1}. */
    static int report(Throwable e, PrintWriter err) {
        if (System.getenv("SYLVA_DEBUG") != null) e.printStackTrace(err);
        if (e instanceof OutOfMemoryError) {
            err.println("sylva: error: out of memory (" + e.getMessage() + "); give Java more memory, e.g. "
                    + "SYLVA_JAVA_OPTS=-Xmx16g, or process a smaller region");
            return ERROR;
        }
        if (e instanceof java.io.IOException || e instanceof IllegalArgumentException
                || e instanceof UserError) {
            err.println("sylva: error: " + e.getMessage());
            return ERROR;
        }
        err.println("sylva: internal error: " + e + " (please report it; SYLVA_DEBUG=1 shows the details)");
        return INTERNAL;
    }

    /** A problem the user can fix, reported as one line. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) { super(message); }
    }

    /** The version from the jar manifest (set by the build), or "development" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"sylva " + (v == null ? "development" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
