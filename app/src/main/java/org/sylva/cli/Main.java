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
        args = route(args);
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr()));
        return cl.execute(args);
    }

    /**
     * Which subcommand runs: ilastik's {@code --headless} form (see {@link #headless}); no arguments, or options
     * only ({@code sylva --no-browser}), the interactive app — as {@code sylva} alone opens it; {@code --help} and
     * {@code --version} stay the command's own.
     */
    static String[] route(String[] args) {
        if (args.length == 0) return new String[]{"app"};
        String[] h = headless(args);
        if (h != args) return h;
        String first = args[0];
        boolean own = first.equals("-h") || first.equals("--help") || first.equals("-V") || first.equals("--version");
        if (!first.startsWith("-") || own) return args;
        String[] out = new String[args.length + 1];
        out[0] = "app";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
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
        if (e instanceof java.nio.file.FileSystemException fs) {
            // the JDK's message is the bare path ("/data/x"); say what is wrong with it
            err.println("sylva: error: " + describe(fs));
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

    /** "file: problem" for a failed file-system operation, e.g. {@code /data/x: no such file or directory}. */
    static String describe(java.nio.file.FileSystemException e) {
        String problem;
        if (e instanceof java.nio.file.NoSuchFileException) problem = "no such file or directory";
        else if (e instanceof java.nio.file.AccessDeniedException) problem = "permission denied";
        else if (e instanceof java.nio.file.FileAlreadyExistsException) problem = "already exists";
        else if (e instanceof java.nio.file.NotDirectoryException) problem = "not a folder";
        else if (e instanceof java.nio.file.DirectoryNotEmptyException) problem = "folder not empty";
        else problem = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        String file = e.getFile() != null ? e.getFile() : "?";
        return file + (e.getOtherFile() != null ? " → " + e.getOtherFile() : "") + ": " + problem;
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
