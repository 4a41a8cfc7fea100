package io.apogee.cli;

import io.apogee.console.ConsoleAccess;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.RpcHook;
import io.apogee.security.SecurityConfig;
import io.apogee.security.SecurityStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launched server's console: open without authentication; with it, its background calls (the lag chart's
 * sampler, which no logged-in user stands behind) sign as the server's inner credentials, else as its
 * initial user, else go unsigned.
 */
class ConsolesTest {

    private static final String ROOT = "{\"username\":\"root\",\"password\":\"rootSecret1\"}";
    private static final String INNER = "{\"accessKey\":\"inner\",\"secretKey\":\"innerSecret1\"}";

    @TempDir
    Path folder;

    @Test
    void backgroundCallsSignAsTheInnerCredentialsElseAsTheInitialUser() {
        SecurityStore store = SecurityStore.open(folder);
        assertThat(Consoles.access(SecurityConfig.disabled(), store)).isSameAs(ConsoleAccess.OPEN);
        assertThat(backgroundAccessKey(new SecurityConfig(true, true, ROOT, INNER), store)).isEqualTo("inner");
        assertThat(backgroundAccessKey(new SecurityConfig(true, false, ROOT, ""), store)).isEqualTo("root");
        assertThat(Consoles.access(new SecurityConfig(false, true, "", ""), store).backgroundSigner()).isNull();
    }

    /** The access key a background request of a console for {@code security} carries. */
    private static String backgroundAccessKey(SecurityConfig security, SecurityStore store) {
        RpcHook signer = Consoles.access(security, store).backgroundSigner();
        RemotingCommand request = RemotingCommand.request(1);
        signer.beforeRequest("127.0.0.1:9876", request);
        return request.extField("AccessKey");
    }
}
