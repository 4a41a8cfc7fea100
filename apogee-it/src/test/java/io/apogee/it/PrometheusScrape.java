package io.apogee.it;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.LabelPair;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.Metric;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_35_0.Metrics.MetricFamily;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scrape of a Prometheus endpoint over HTTP, as Prometheus itself asks for it (the delimited protobuf
 * format), read with the Prometheus Java client's own protobuf model of a metric family, not by matching text.
 */
final class PrometheusScrape {

    static final String PROTOBUF_ACCEPT = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
            + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3";

    private final Map<String, MetricFamily> families;

    private PrometheusScrape(Map<String, MetricFamily> families) {
        this.families = families;
    }

    /** GETs {@code http://host:port/metrics} in the protobuf format and parses every family. */
    static PrometheusScrape of(String host, int port) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(host, port, PROTOBUF_ACCEPT);
        if (response.statusCode() != 200) {
            throw new IOException("scrape answered " + response.statusCode());
        }
        Map<String, MetricFamily> families = new LinkedHashMap<>();
        try (InputStream in = new ByteArrayInputStream(response.body())) {
            MetricFamily family;
            while ((family = MetricFamily.parseDelimitedFrom(in)) != null) {
                if (families.put(family.getName(), family) != null) {
                    throw new IOException("metric family " + family.getName() + " appears twice");
                }
            }
        }
        return new PrometheusScrape(families);
    }

    /** GETs {@code /metrics} with {@code accept} as the Accept header. */
    static HttpResponse<byte[]> get(String host, int port, String accept) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).header("Accept", accept).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    Map<String, MetricFamily> families() {
        return families;
    }

    /** The sample of family {@code name} whose labels include every {@code name, value} pair given. */
    Optional<Metric> sample(String name, String... labels) {
        MetricFamily family = families.get(name);
        if (family == null) {
            return Optional.empty();
        }
        return family.getMetricList().stream().filter(m -> hasLabels(m.getLabelList(), labels)).findFirst();
    }

    /** A counter's or gauge's value, as the sample's type says. */
    double value(String name, String... labels) {
        Metric metric = sample(name, labels).orElseThrow(() -> new AssertionError("no sample of " + name + " with "
                + List.of(labels) + " in " + families.getOrDefault(name, MetricFamily.getDefaultInstance())));
        if (metric.hasCounter()) {
            return metric.getCounter().getValue();
        }
        if (metric.hasGauge()) {
            return metric.getGauge().getValue();
        }
        throw new AssertionError(name + " is neither a counter nor a gauge");
    }

    private static boolean hasLabels(List<LabelPair> pairs, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            String key = labels[i];
            String value = labels[i + 1];
            if (pairs.stream().noneMatch(p -> p.getName().equals(key) && p.getValue().equals(value))) {
                return false;
            }
        }
        return true;
    }
}
