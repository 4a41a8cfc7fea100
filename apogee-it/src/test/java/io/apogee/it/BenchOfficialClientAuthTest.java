package io.apogee.it;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.apogee.cli.ApogeeCommandAccess;
import io.apogee.cli.ApogeeCommandAccess.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code apogee bench --client official} against a broker with authentication and authorization on: the
 * official client signs every request with its own ACL hook when given {@code --access-key/--secret-key}.
 */
class BenchOfficialClientAuthTest {

    @TempDir
    Path dir;
    private final Closer closer = new Closer();

    @AfterEach
    void stop() {
        closer.close();
    }

    @Test
    void e2eSignsWithTheOfficialAclHook() {
        LocalCluster cluster = closer.add(
                new LocalCluster(dir, c -> c.security(Secured.config()).autoCreateTopicEnable(false)), LocalCluster::close);
        Run run = ApogeeCommandAccess.run(List.of("bench", "e2e", "--client", "official", "-n", cluster.namesrvAddr(),
                "--access-key", Secured.ROOT, "--secret-key", Secured.ROOT_SECRET, "-t", "BenchOfficialSigned",
                "--count", "500", "--linger", "200", "-o", "json"));

        assertThat(run.exit()).as(run.err()).isZero();
        JSONObject report = JSON.parseObject(run.out());
        assertThat(report.getLongValue("acknowledged")).isEqualTo(500);
        assertThat(report.getLongValue("unique")).isEqualTo(500);
        assertThat(report.getLongValue("lost")).isZero();
        assertThat(report.getLongValue("duplicates")).isZero();
    }
}
