package io.apogee.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsConfigTest {

    @Test
    void isOffOnRocketMqsDefaultPortUntilPromIsAskedFor() {
        MetricsConfig config = MetricsConfig.disabled();
        assertThat(config.prometheus()).isFalse();
        assertThat(config.port()).isEqualTo(5557);

        MetricsConfig prom = config.with("metricsExporterType", "PROM").with("metricsPromExporterPort", " 9100 ")
                .with("metricsPromExporterHost", "127.0.0.2");
        assertThat(prom).isEqualTo(MetricsConfig.prometheus("127.0.0.2", 9100));
        assertThat(prom.with("metricsExporterType", "DISABLE").prometheus()).isFalse();
        assertThat(prom.values()).containsEntry("metricsExporterType", "PROM")
                .containsEntry("metricsPromExporterPort", "9100").containsEntry("metricsPromExporterHost", "127.0.0.2");
    }

    @Test
    void bindsTheServersAddressUnlessAHostIsGiven() {
        assertThat(MetricsConfig.prometheus("", 0).bindHost("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(MetricsConfig.prometheus("127.0.0.1", 0).bindHost("0.0.0.0")).isEqualTo("127.0.0.1");
    }

    @Test
    void refusesExportersApogeeDoesNotHaveAndBadPortsNamingTheKey() {
        assertThatThrownBy(() -> MetricsConfig.disabled().with("metricsExporterType", "OTLP_GRPC"))
                .hasMessageContaining("metricsExporterType").hasMessageContaining("PROM");
        assertThatThrownBy(() -> MetricsConfig.disabled().with("metricsExporterType", "PROMETHEUS"))
                .hasMessageContaining("'PROMETHEUS'");
        assertThatThrownBy(() -> MetricsConfig.disabled().with("metricsPromExporterPort", "http"))
                .hasMessageContaining("metricsPromExporterPort");
        assertThatThrownBy(() -> MetricsConfig.disabled().with("metricsPromExporterPort", "70000"))
                .hasMessageContaining("0..65535");
    }
}
