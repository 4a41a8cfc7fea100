package io.apogee.cli.bench.compare;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.apogee.cli.AnswerLogging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code apogee bench compare}: Apogee and Apache RocketMQ 5.3.3 side by side on one machine, fairly. Rounds
 * alternate the systems (A B A B ...), each round on fresh data; the brokers run pinned to one CPU and the
 * load generator (this build's {@code apogee bench}, the same client for both) to another, with the same heap
 * and JVM options (or, with {@code --launcher-defaults}, each with the options of its own start script). At the
 * end it prints the median of every figure per system and their ratio.
 *
 * <pre>
 * apogee bench compare --rocketmq-classpath rocketmq.cp -- produce --threads 16 --duration 20
 * apogee bench compare --rocketmq-classpath rocketmq.cp \
 *     --prepare "produce --send batch --batch 32 --count 1000000" \
 *     -- consume --warmup-messages 1000000 --consume-batch 32 --expect 1000000
 * </pre>
 *
 * <p>With {@code --prepare}, each round first runs that workload against the fresh broker (to fill a backlog,
 * say) and then measures the main one; only the main one's figures count. Repeated, the prepared workloads run
 * in order. To measure consumption on a client and brokers whose pull paths the JIT has already compiled, give
 * the measured consume {@code --warmup-messages}: a throw-away group reads part of the backlog first, in the
 * same load-generator process.
 *
 * <p>Thread safety: one run on the command's thread.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run a bench workload against Apogee and Apache RocketMQ 5.3.3, interleaved, on pinned CPUs, "
                + "and print medians and ratios.")
public final class CompareCommand implements Callable<Integer> {

    /** How long a replicated system's master may take to acknowledge its first send. */
    private static final long REPLICA_TIMEOUT_SECONDS = 120;

    @Spec
    private CommandSpec spec;

    @Option(names = "--rocketmq-classpath", paramLabel = "FILE",
            description = "A file holding the class path of RocketMQ 5.3.3's name server and broker "
                    + "(bench/rocketmq-classpath.sh writes it); needed unless --systems is apogee alone.")
    private Path rocketmqClasspath;

    @Option(names = "--systems", split = ",", defaultValue = "apogee,rocketmq", paramLabel = "LIST",
            description = "Which systems, in round order (default: ${DEFAULT-VALUE}).")
    private List<String> systems;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds per system (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--heap", defaultValue = "1g", description = "Broker heap, the same for both (default: ${DEFAULT-VALUE}).")
    private String heap;

    @Option(names = "--jvm-options", defaultValue = "-XX:+UseG1GC", split = " ",
            description = "Broker JVM options, the same for both (default: ${DEFAULT-VALUE}).")
    private List<String> jvmOptions;

    @Option(names = "--load-jvm-options", split = " ", paramLabel = "OPTIONS",
            description = "JVM options of the load generator, the same against both systems (default: none), "
                    + "e.g. \"-XX:TieredStopAtLevel=1\" so that no C2 compilation shares its CPU with a short run.")
    private List<String> loadJvmOptions = List.of();

    @Option(names = "--launcher-defaults", description = "Give each system's processes the JVM options of its own "
            + "start script (Apogee: the apogee script's small heap; RocketMQ: runbroker.sh's and runserver.sh's) "
            + "instead of --heap and --jvm-options: memory as each is run out of the box.")
    private boolean launcherDefaults;

    @Option(names = "--broker-cpu", defaultValue = "0", description = "CPUs of the brokers (taskset -c; default ${DEFAULT-VALUE}).")
    private String brokerCpu;

    @Option(names = "--load-cpu", defaultValue = "1", description = "CPUs of the load generator (default ${DEFAULT-VALUE}).")
    private String loadCpu;

    @Option(names = "--no-pin", description = "Run without taskset (the figures are then not fair on a small machine).")
    private boolean noPin;

    @Option(names = "--flush", defaultValue = "ASYNC_FLUSH", description = "flushDiskType of both brokers.")
    private String flushDiskType;

    @Option(names = "--replicated", description = "Run each system as a SYNC_MASTER and a SLAVE, each broker its "
            + "own process (default: one ASYNC_MASTER); CPU and memory are the master's.")
    private boolean replicated;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where rounds keep their data (default: a temporary folder).")
    private Path workDir;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json.")
    private String output;

    @Option(names = "--prepare", paramLabel = "BENCH-ARGS",
            description = "A bench workload run before the measured one in every round, not measured, e.g. "
                    + "\"produce --send batch --batch 32 --count 1000000\" to fill a backlog for consume; repeat it "
                    + "to run several in order (a warm-up consume in another group, say).")
    private List<String> prepare = new ArrayList<>();

    @Parameters(paramLabel = "BENCH-ARGS", arity = "1..*",
            description = "The bench workload, e.g. produce --threads 16 --duration 20 (-n, -o and --broker-pid are added).")
    private List<String> benchArgs;

    @Override
    public Integer call() throws Exception {
        AnswerLogging.keepStdoutForAnswers();
        List<SystemUnderTest> chosen = systemsChosen();
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be at least 1");
        }
        if (launcherDefaults && (spec.commandLine().getParseResult().hasMatchedOption("--heap")
                || spec.commandLine().getParseResult().hasMatchedOption("--jvm-options"))) {
            throw new ParameterException(spec.commandLine(),
                    "--launcher-defaults gives each system its own JVM options; leave out --heap and --jvm-options");
        }
        Launcher launcher = new Launcher(noPin ? null : brokerCpu, noPin ? null : loadCpu,
                launcherDefaults ? null : heap, jvmOptions, loadJvmOptions);
        Path root = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("apogee-compare");
        PrintWriter err = spec.commandLine().getErr();
        ComparisonTable table = new ComparisonTable(chosen.stream().map(SystemUnderTest::name).toList());
        int failures = 0;
        for (int round = 1; round <= rounds; round++) {
            for (SystemUnderTest system : chosen) {
                Path dir = Files.createDirectories(root.resolve("round-" + round + "-" + system.name().replaceAll("\\W", "")));
                err.printf("round %d/%d: %s%n", round, rounds, system.name());
                err.flush();
                RunFigures run = runOnce(system, dir, launcher);
                if (!run.ok()) {
                    failures++;
                    err.printf("  the bench reported a failure (see %s)%n", dir);
                }
                table.add(system.name(), run);
                err.printf("  %s%n", run.values());
                err.flush();
                if (workDir == null && run.ok()) {
                    delete(dir);
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.equals("json")) {
            Map<String, Object> all = new LinkedHashMap<>(machine());
            all.put("systems", table.asMap());
            out.println(JSON.toJSONString(all, JSONWriter.Feature.PrettyFormat));
            out.flush();
        } else {
            machine().forEach((k, v) -> out.printf("%s: %s%n", k, v));
            out.println();
            table.print(out);
        }
        if (workDir == null && failures == 0) {
            delete(root);
        }
        return failures == 0 ? 0 : 1;
    }

    private List<SystemUnderTest> systemsChosen() throws IOException {
        List<SystemUnderTest> chosen = new ArrayList<>();
        for (String name : systems) {
            switch (name.trim()) {
                case "apogee" -> chosen.add(new ApogeeSystem(flushDiskType, topology()));
                case "rocketmq" -> {
                    if (rocketmqClasspath == null || !Files.isRegularFile(rocketmqClasspath)) {
                        throw new ParameterException(spec.commandLine(),
                                "rocketmq needs --rocketmq-classpath FILE (run bench/rocketmq-classpath.sh)");
                    }
                    chosen.add(new RocketMqSystem(Files.readString(rocketmqClasspath).trim(), flushDiskType,
                            topology()));
                }
                default -> throw new ParameterException(spec.commandLine(),
                        "--systems: unknown system '" + name + "' (apogee, rocketmq)");
            }
        }
        return chosen;
    }

    private Topology topology() {
        return replicated ? Topology.REPLICATED : Topology.SINGLE;
    }

    private RunFigures runOnce(SystemUnderTest system, Path dir, Launcher launcher) throws Exception {
        SystemUnderTest.Running running = system.start(dir, launcher);
        try {
            if (replicated) {
                ReplicaProbe.await(running.namesrvAddr(), REPLICA_TIMEOUT_SECONDS);
            }
            for (int i = 0; i < prepare.size(); i++) {
                String name = i == 0 ? "prepare" : "prepare-" + (i + 1);
                String json = bench(launcher, running, List.of(prepare.get(i).trim().split("\\s+")), dir, name);
                if (!RunFigures.parse(json).ok()) {
                    throw new IOException("the --prepare workload reported a failure; see " + dir.resolve(name + ".json"));
                }
            }
            return RunFigures.parse(bench(launcher, running, benchArgs, dir, "bench"));
        } finally {
            Launcher.stop(running.processes());
        }
    }

    /** Runs one bench workload against {@code running}; returns its JSON report (kept as NAME.json in dir). */
    private static String bench(Launcher launcher, SystemUnderTest.Running running, List<String> workload, Path dir,
                                String name) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(workload);
        args.addAll(List.of("-n", running.namesrvAddr(), "-o", "json",
                "--broker-pid", Long.toString(running.broker().pid())));
        Path out = dir.resolve(name + ".json");
        Path err = dir.resolve(name + ".err");
        Process bench = launcher.load(args, out, err);
        if (!bench.waitFor(30, TimeUnit.MINUTES)) {
            bench.destroyForcibly();
            throw new IOException("the bench did not end within 30 minutes; see " + err);
        }
        String json = Files.readString(out).trim();
        if (json.isEmpty()) {
            throw new IOException("the bench printed no figures (exit " + bench.exitValue() + "); see " + err);
        }
        return json;
    }

    private Map<String, Object> machine() throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("date", Instant.now().toString());
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                lines.filter(l -> l.startsWith("model name")).findFirst()
                        .ifPresent(l -> machine.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
            }
        }
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("pinning", noPin ? "none" : "brokers on CPU " + brokerCpu + ", load on CPU " + loadCpu);
        machine.put("broker heap", launcherDefaults
                ? "each launcher's defaults: Apogee " + String.join(" ", ApogeeSystem.LAUNCHER_OPTIONS)
                        + "; RocketMQ's broker " + String.join(" ", RocketMqSystem.BROKER_LAUNCHER_OPTIONS)
                : heap + ", " + String.join(" ", jvmOptions));
        machine.put("brokers", (replicated ? "SYNC_MASTER and SLAVE, " : "one ASYNC_MASTER, ") + flushDiskType);
        if (!prepare.isEmpty()) {
            machine.put("prepared by", String.join(", then ",
                    prepare.stream().map(p -> "apogee bench " + p.trim()).toList()));
        }
        machine.put("workload", "apogee bench " + String.join(" ", benchArgs));
        machine.put("rounds", rounds + " per system, interleaved " + Arrays.toString(systems.toArray()));
        return machine;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
