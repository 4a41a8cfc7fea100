package io.apogee.remoting.tls;

import io.apogee.common.config.ConfigTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsConfigTest {

    @TempDir
    Path dir;

    @Test
    void serverModeIsPermissiveOnceACertificateIsConfiguredAndDisabledWithout() {
        assertThat(TlsConfig.none().serverMode()).isEqualTo(TlsMode.DISABLED);
        assertThat(TlsConfig.none().with(TlsConfig.TLS_SERVER_CERT_PATH, "server.pem").serverMode())
                .isEqualTo(TlsMode.PERMISSIVE);
        assertThat(TlsConfig.none().with(TlsConfig.TLS_SERVER_MODE, "Enforcing").serverMode()).isEqualTo(TlsMode.ENFORCING);
        assertThat(TlsContexts.server(TlsConfig.none())).isNull();
    }

    @Test
    void outgoingTlsFollowsAnEnforcingServerUnlessSetItself() {
        TlsConfig enforcing = TlsConfig.none().with(TlsConfig.TLS_SERVER_MODE, "enforcing");
        assertThat(enforcing.clientEnabled()).isTrue();
        assertThat(enforcing.with(TlsConfig.TLS_ENABLE, "false").clientEnabled()).isFalse();
        assertThat(TlsConfig.none().with(TlsConfig.TLS_SERVER_MODE, "permissive").clientEnabled()).isFalse();
        assertThat(TlsConfig.none().with(TlsConfig.TLS_ENABLE, "true").clientEnabled()).isTrue();
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> TlsConfig.none().with(TlsConfig.TLS_SERVER_MODE, "strict"))
                .hasMessageContaining("tls.server.mode").hasMessageContaining("enforcing");
        assertThatThrownBy(() -> TlsConfig.none().with(TlsConfig.TLS_SERVER_NEED_CLIENT_AUTH, "always"))
                .hasMessageContaining("tls.server.need.client.auth");
        assertThatThrownBy(() -> TlsContexts.server(TlsConfig.none().with(TlsConfig.TLS_SERVER_MODE, "enforcing")))
                .hasMessageContaining("tls.server.certPath");
        assertThatThrownBy(() -> TlsContexts.server(TlsConfig.none().with(TlsConfig.TLS_SERVER_CERT_PATH, "/nonexistent.pem")
                .with(TlsConfig.TLS_SERVER_KEY_PATH, "/nonexistent.key")))
                .hasMessageContaining("tls.server.certPath").hasMessageContaining("/nonexistent.pem");
    }

    @Test
    void configFileFillsInWhatTheServerFileLeftAtItsDefault() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Path file = dir.resolve("tls.properties");
        Files.writeString(file, "tls.server.mode=enforcing\ntls.server.certPath=" + certs.server().cert()
                + "\ntls.server.keyPath=" + certs.server().key() + "\ntls.server.need.client.auth=optional\n");

        TlsConfig config = TlsConfig.none().with(TlsConfig.TLS_CONFIG_FILE, file.toString())
                .with(TlsConfig.TLS_SERVER_NEED_CLIENT_AUTH, "require").resolved();

        assertThat(config.serverMode()).isEqualTo(TlsMode.ENFORCING);
        assertThat(config.text(TlsConfig.TLS_SERVER_NEED_CLIENT_AUTH)).isEqualTo("require");
        assertThat(TlsContexts.server(config).mode()).isEqualTo(TlsMode.ENFORCING);
    }

    @Test
    void configFileWithAnUnknownKeyIsRefusedNamingTheNearestKnownOne() throws Exception {
        Path file = dir.resolve("tls.properties");
        Files.writeString(file, "tls.server.mod=enforcing\n");

        assertThatThrownBy(() -> TlsConfig.none().with(TlsConfig.TLS_CONFIG_FILE, file.toString()).resolved())
                .hasMessageContaining(file.toString()).hasMessageContaining("tls.server.mod")
                .hasMessageContaining("tls.server.mode");
    }

    @Test
    void systemPropertiesWinOverTheServerFile() {
        Properties file = new Properties();
        file.setProperty(TlsConfig.TLS_SERVER_MODE, "permissive");
        file.setProperty("brokerName", "b");
        Properties system = new Properties();
        system.setProperty(TlsConfig.TLS_SERVER_MODE, "enforcing");
        system.setProperty("user.home", "/home/x");

        Properties merged = TlsConfig.withSystemProperties(file, system);

        assertThat(merged).containsEntry(TlsConfig.TLS_SERVER_MODE, "enforcing").containsEntry("brokerName", "b")
                .doesNotContainKey("user.home");
    }

    @Test
    void declaredKeysReadBackAndHidePasswords() {
        final class Holder {
            TlsConfig tls = TlsConfig.none();
        }
        ConfigTable<Holder> table = TlsConfig.declare(new ConfigTable<>("test"), h -> h.tls, (h, t) -> h.tls = t);
        Holder holder = new Holder();
        table.applyDefaults(holder);
        List<String> errors = new ArrayList<>();
        table.apply(holder, Map.of(TlsConfig.TLS_SERVER_MODE, "permissive", TlsConfig.TLS_SERVER_KEY_PASSWORD, "secret",
                TlsConfig.TLS_SERVER_AUTH_CLIENT, "maybe"), errors);

        assertThat(errors).singleElement().asString().contains("tls.server.authClient");
        assertThat(holder.tls.serverMode()).isEqualTo(TlsMode.PERMISSIVE);
        assertThat(table.values(holder)).containsEntry(TlsConfig.TLS_SERVER_KEY_PASSWORD, "******")
                .containsEntry(TlsConfig.TLS_SERVER_MODE, "permissive").containsKeys(TlsConfig.keyNames().toArray(String[]::new));
    }
}
