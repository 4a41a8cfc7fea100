package io.apogee.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What another process on this host (the broker) spends during a measured window, read from Linux's
 * {@code /proc}: CPU time from {@code /proc/PID/stat} (utime + stime) and its peak resident set from
 * {@code /proc/PID/status} (VmHWM, the high-water mark since it started; plus the highest VmRSS seen at a
 * tick of the window, and the highest RssAnon: heap, stacks and direct buffers without the pages of mapped
 * files, which grow with what a broker has written), and the bytes it sent to storage from
 * {@code /proc/PID/io} ({@code write_bytes}: pages it dirtied, through a mapping too, which the kernel writes
 * back). This process's own CPU time comes from the JVM.
 *
 * <p>Thread safety: used by the command's ticking thread only.
 */
final class ProcessUsage {

    /** The unit of /proc's CPU times: USER_HZ, which Linux fixes at 100 for user space. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;
    private long brokerTicksAtStart;
    private long brokerWriteBytesAtStart;
    private long windowStartNanos;
    private long clientNanosAtStart;
    private long maxRssKb;
    private long maxAnonRssKb;
    private final Map<String, Object> client = new LinkedHashMap<>();
    private final Map<String, Object> broker = new LinkedHashMap<>();

    /** Usage of process {@code pid}, or of none when it is 0 (then only the client's own CPU is reported). */
    ProcessUsage(long pid) {
        this.pid = pid;
    }

    void begin() {
        clientNanosAtStart = clientCpuNanos();
        windowStartNanos = System.nanoTime();
        if (pid != 0) {
            brokerTicksAtStart = brokerTicks();
            brokerWriteBytesAtStart = writeBytes();
            maxRssKb = statusKb("VmRSS");
            maxAnonRssKb = statusKb("RssAnon");
        }
    }

    /** Called each second of the window: keeps the highest resident set seen. */
    void sample() {
        if (pid != 0) {
            maxRssKb = Math.max(maxRssKb, statusKb("VmRSS"));
            maxAnonRssKb = Math.max(maxAnonRssKb, statusKb("RssAnon"));
        }
    }

    /** Ends the window: takes its CPU figures, per message when {@code messages} is positive. */
    void end(long messages) {
        double clientSeconds = (clientCpuNanos() - clientNanosAtStart) / 1e9;
        client.put("cpu_s", Report.round(clientSeconds));
        if (messages > 0) {
            client.put("cpu_us_per_msg", Report.round(clientSeconds * 1e6 / messages));
        }
        if (pid == 0) {
            return;
        }
        sample();
        double brokerSeconds = (brokerTicks() - brokerTicksAtStart) / TICKS_PER_SECOND;
        broker.put("pid", pid);
        broker.put("cpu_s", Report.round(brokerSeconds));
        if (messages > 0) {
            broker.put("cpu_us_per_msg", Report.round(brokerSeconds * 1e6 / messages));
        }
        broker.put("peak_rss_kb", statusKb("VmHWM"));
        if (brokerWriteBytesAtStart >= 0) {
            double seconds = (System.nanoTime() - windowStartNanos) / 1e9;
            broker.put("disk_write_mb_per_s", Report.round((writeBytes() - brokerWriteBytesAtStart) / 1e6 / seconds));
        }
        broker.put("max_rss_kb_in_window", maxRssKb);
        broker.put("max_anon_rss_kb_in_window", maxAnonRssKb);
    }

    /** Puts the figures of the ended window into {@code report}, under "client" and, if measured, "broker". */
    void putInto(Report report) {
        report.section("client").putAll(client);
        if (!broker.isEmpty()) {
            report.section("broker").putAll(broker);
        }
    }

    /** Whether /proc shows process {@code pid}. */
    static boolean exists(long pid) {
        return Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private long brokerTicks() {
        String stat = read("stat");
        // The command name in parentheses may hold spaces; the fields after it are fixed: utime is the 14th
        // field of the line, stime the 15th, so the 12th and 13th after the closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private long statusKb(String key) {
        for (String line : read("status").split("\n")) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no " + key);
    }

    /** The process's write_bytes from /proc/PID/io, or -1 where it cannot be read (another user's process). */
    private long writeBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/" + file + " (has the process ended?)", e);
        }
    }

    private static long clientCpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }
}
