package io.apogee.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a fault-harness run delivered, judged as openmessaging-chaos's queue checker does: every acknowledged
 * message must be read back (else lost), nothing may be read that was never sent (invented), and reading one
 * twice is counted (duplicated: at-least-once allows it). Per fault: its rounds, the recovery time of each (the
 * longest time without a successful send around it), and the acknowledged messages of its rounds that were lost.
 *
 * <p>Immutable.
 */
record FaultVerdict(long attempted, long acknowledged, long received, long failedSends, Set<String> lost,
                    Set<String> invented, long duplicated, Map<String, PerFault> faults) {

    /** One fault's figures. */
    record PerFault(int rounds, List<Long> recoveryMillis, int lost) {

        long medianRecovery() {
            List<Long> sorted = recoveryMillis.stream().filter(r -> r >= 0).sorted().toList();
            return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
        }

        long worstRecovery() {
            return recoveryMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
        }
    }

    static FaultVerdict judge(Set<String> attempted, Map<String, Integer> acknowledged, List<String> received,
                              Map<Integer, FaultHarness.Fault> faultOfRound,
                              Map<FaultHarness.Fault, List<Long>> recoveries, long failedSends) {
        Map<String, Integer> seen = new HashMap<>();
        for (String id : received) {
            seen.merge(id, 1, Integer::sum);
        }
        Set<String> lost = new TreeSet<>();
        for (String id : acknowledged.keySet()) {
            if (!seen.containsKey(id)) {
                lost.add(id);
            }
        }
        Set<String> invented = new TreeSet<>();
        long duplicated = 0;
        for (Map.Entry<String, Integer> e : seen.entrySet()) {
            if (!attempted.contains(e.getKey())) {
                invented.add(e.getKey());
            }
            duplicated += e.getValue() - 1;
        }
        Map<String, PerFault> faults = new LinkedHashMap<>();
        for (Map.Entry<FaultHarness.Fault, List<Long>> e : recoveries.entrySet()) {
            int lostInFault = 0;
            for (String id : lost) {
                if (faultOfRound.get(acknowledged.get(id)) == e.getKey()) {
                    lostInFault++;
                }
            }
            faults.put(e.getKey().label(), new PerFault(e.getValue().size(), List.copyOf(e.getValue()), lostInFault));
        }
        return new FaultVerdict(attempted.size(), acknowledged.size(), received.size(), failedSends, lost, invented,
                duplicated, faults);
    }

    boolean passed() {
        return lost.isEmpty() && invented.isEmpty();
    }

    void print(PrintStream out) {
        out.printf("sent %d, acknowledged %d, read back %d, failed sends %d%n", attempted, acknowledged, received,
                failedSends);
        out.printf("lost %d%s, invented %d%s, duplicated %d%n", lost.size(), sample(lost), invented.size(),
                sample(invented), duplicated);
        out.printf("%-24s %6s %14s %12s %6s%n", "fault", "rounds", "rto median ms", "rto max ms", "lost");
        faults.forEach((name, f) -> out.printf("%-24s %6d %14d %12d %6d%n", name, f.rounds(), f.medianRecovery(),
                f.worstRecovery(), f.lost()));
        out.println(passed() ? "verdict: PASS (nothing acknowledged was lost, nothing was invented)"
                : "verdict: FAIL");
    }

    private static String sample(Collection<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        List<String> first = new ArrayList<>(ids).subList(0, Math.min(5, ids.size()));
        return " (e.g. " + String.join(", ", first) + ")";
    }
}
