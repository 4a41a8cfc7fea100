package io.apogee.security;

import io.apogee.protocol.command.RemotingCommand;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apogee's signature against the official client's ACL hook: for any header fields (ASCII or not, few or many)
 * and body, under any of several keys used in turn by one thread, both compute the same Signature, and a changed
 * field or body no longer matches.
 */
class SignaturesTest {

    private static final String[] SECRETS = {"rootsecret123", "another-secret", "ünïcode-sëcret"};

    @Property(tries = 300)
    void signsAsTheOfficialHook(@ForAll("fields") Map<String, String> fields, @ForAll("bodies") byte[] body,
                                @ForAll("secretIndexes") int secretIndex) {
        String secret = SECRETS[secretIndex];
        RemotingCommand ours = RemotingCommand.request(310).extFields(new HashMap<>(fields)).body(body);
        Signatures.sign(ours, "user" + secretIndex, key(secret));

        org.apache.rocketmq.remoting.protocol.RemotingCommand official =
                org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(310, null);
        official.setExtFields(new HashMap<>(fields));
        official.setBody(body);
        new AclClientRPCHook(new SessionCredentials("user" + secretIndex, secret)).doBeforeRequest("127.0.0.1:1", official);

        assertThat(ours.extField(Signatures.SIGNATURE))
                .isEqualTo(official.getExtFields().get(Signatures.SIGNATURE));
        assertThat(Signatures.matches(key(secret), ours, ours.extField(Signatures.SIGNATURE))).isTrue();
    }

    /** One thread signs requests whose key sets are equal, then differ at the same size, then shrink and grow. */
    @Example
    void keySetsThatFollowOneAnotherOnAThreadEachSignAsTheOfficialHook() {
        byte[] body = "body".getBytes(StandardCharsets.UTF_8);
        for (Map<String, String> fields : java.util.List.of(
                Map.of("a", "1", "b", "2", "c", "3"),
                Map.of("c", "3", "b", "2", "a", "1"),
                Map.of("a", "1", "b", "2", "d", "3"),
                Map.of("a", "1", "d", "3"),
                Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5"),
                Map.of("a", "1", "b", "2", "c", "3"))) {
            RemotingCommand ours = RemotingCommand.request(310).extFields(new HashMap<>(fields)).body(body);
            Signatures.sign(ours, "root", key("rootsecret123"));

            org.apache.rocketmq.remoting.protocol.RemotingCommand official =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(310, null);
            official.setExtFields(new HashMap<>(fields));
            official.setBody(body);
            new AclClientRPCHook(new SessionCredentials("root", "rootsecret123")).doBeforeRequest("127.0.0.1:1", official);
            assertThat(ours.extField(Signatures.SIGNATURE)).as("signature of %s", fields)
                    .isEqualTo(official.getExtFields().get(Signatures.SIGNATURE));
        }
    }

    @Example
    void aChangedFieldOrBodyOrKeyNoLongerMatches() {
        RemotingCommand request = RemotingCommand.request(310).putExtField("topic", "T").putExtField("a", "1")
                .body("hello".getBytes(StandardCharsets.UTF_8));
        Signatures.sign(request, "root", key("rootsecret123"));
        String signature = request.extField(Signatures.SIGNATURE);
        assertThat(Signatures.matches(key("rootsecret123"), request, signature)).isTrue();

        assertThat(Signatures.matches(key("wrong"), request, signature)).isFalse();
        assertThat(Signatures.matches(key("rootsecret123"), request, signature.substring(1))).isFalse();
        request.putExtField("topic", "U");
        assertThat(Signatures.matches(key("rootsecret123"), request, signature)).isFalse();
        request.putExtField("topic", "T").body("hellO".getBytes(StandardCharsets.UTF_8));
        assertThat(Signatures.matches(key("rootsecret123"), request, signature)).isFalse();
    }

    @Provide
    Arbitrary<Map<String, String>> fields() {
        Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(200),
                Arbitraries.strings().all().ofMaxLength(40));
        return Arbitraries.maps(keys, values).ofMaxSize(40);
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    }

    @Provide
    Arbitrary<Integer> secretIndexes() {
        return Arbitraries.integers().between(0, SECRETS.length - 1);
    }

    private static SecretKeySpec key(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
    }
}
