package io.apogee.security;

import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.processor.RequestRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Patterns, address ranges, decisions and signatures, on a real store in a temporary folder. */
class AccessDecisionTest {

    @Test
    void patternsMatchLiteralPrefixAndAnyResource() {
        assertThat(ResourcePattern.parse("Topic:orders").matches(Resource.topic("orders"))).isTrue();
        assertThat(ResourcePattern.parse("Topic:orders").matches(Resource.topic("orders2"))).isFalse();
        assertThat(ResourcePattern.parse("Topic:ord*").matches(Resource.topic("orders2"))).isTrue();
        assertThat(ResourcePattern.parse("topic:*").matches(Resource.group("g"))).isFalse();
        assertThat(ResourcePattern.parse("*").matches(Resource.group("g"))).isTrue();
        assertThat(ResourcePattern.parse("Cluster").matches(Resource.cluster("*"))).isTrue();
        assertThatThrownBy(() -> ResourcePattern.parse("Queue:x")).hasMessageContaining("bad resource 'Queue:x'");
    }

    @Test
    void retryAndDeadLetterTopicsStandForTheirGroup() {
        assertThat(Resource.topic("%RETRY%g1")).isEqualTo(Resource.group("g1"));
        assertThat(Resource.topic("%DLQ%g1")).isEqualTo(Resource.group("g1"));
    }

    @Test
    void sourceAddressesTakeBlocksWildcardsAndExactAddresses() {
        SourceAddresses sources = new SourceAddresses(List.of("10.0.0.0/8", "192.168.1.*", "::1"));
        assertThat(sources.contains(new byte[] {10, 9, 8, 7})).isTrue();
        assertThat(sources.contains(new byte[] {11, 0, 0, 1})).isFalse();
        assertThat(sources.contains(new byte[] {(byte) 192, (byte) 168, 1, 77})).isTrue();
        assertThat(sources.contains(new byte[] {(byte) 192, (byte) 168, 2, 77})).isFalse();
        byte[] loopback6 = new byte[16];
        loopback6[15] = 1;
        assertThat(sources.contains(loopback6)).isTrue();
        assertThat(new SourceAddresses(List.of()).contains(new byte[] {1, 2, 3, 4})).isTrue();
        assertThatThrownBy(() -> new SourceAddresses(List.of("example.com"))).hasMessageContaining("example.com");
    }

    @Test
    void denyBeatsAllowAndCustomBeatsDefault(@TempDir Path dir) {
        SecurityStore store = SecurityStore.open(dir);
        User alice = new User("alice", "secret", User.Type.NORMAL, User.Status.ENABLE);
        store.createUser(alice);
        store.putAcl(new Acl("User:alice", Map.of(
                Acl.CUSTOM, List.of(entry("Topic:a*", Action.PUB, Decision.ALLOW), entry("Topic:ab", Action.PUB,
                        Decision.DENY), entry("Topic:special", Action.ALL, Decision.ALLOW)),
                Acl.DEFAULT, List.of(entry("Topic:*", Action.PUB, Decision.DENY)))));
        Authorizer authorizer = new Authorizer(store);
        assertThatCode(() -> pub(authorizer, alice, "apple")).doesNotThrowAnyException();
        assertThatThrownBy(() -> pub(authorizer, alice, "ab")).hasMessageContaining("a Deny policy matches");
        assertThatCode(() -> pub(authorizer, alice, "special")).doesNotThrowAnyException();
        assertThatThrownBy(() -> pub(authorizer, alice, "zebra")).hasMessageContaining("a Deny policy matches");
        assertThatThrownBy(() -> authorizer.authorize(alice, null, 999, "127.0.0.1:1"))
                .hasMessageContaining("only Super users may");
        User root = new User("root", "secret", User.Type.SUPER, User.Status.ENABLE);
        assertThatCode(() -> authorizer.authorize(root, null, 999, "127.0.0.1:1")).doesNotThrowAnyException();
    }

    private static void pub(Authorizer authorizer, User user, String topic) {
        authorizer.authorize(user, List.of(new Need(Resource.topic(topic), Set.of(Action.PUB))), 10, "127.0.0.1:5");
    }

    private static PolicyEntry entry(String resource, Action action, Decision decision) {
        return new PolicyEntry(ResourcePattern.parse(resource), EnumSet.of(action), List.of(), decision);
    }

    @Test
    void signedRequestsAuthenticateAndChangedOnesDoNot(@TempDir Path dir) {
        SecurityStore store = SecurityStore.open(dir);
        store.createUser(new User("bob", "bobSecret", User.Type.NORMAL, User.Status.ENABLE));
        Authenticator authenticator = new Authenticator(store);
        RemotingCommand request = signed("bob", "bobSecret");
        assertThat(authenticator.authenticate(request).username()).isEqualTo("bob");
        request.putExtField("topic", "other");
        assertRefused(authenticator, request, "does not match");
        assertRefused(authenticator, signed("bob", "wrong"), "does not match");
        assertRefused(authenticator, signed("carol", "x"), "no user 'carol' exists");
        store.updateUser(new User("bob", "bobSecret", User.Type.NORMAL, User.Status.DISABLE));
        assertRefused(authenticator, signed("bob", "bobSecret"), "user 'bob' is disabled");
    }

    private static RemotingCommand signed(String user, String secret) {
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_MESSAGE).putExtField("topic", "t")
                .body("hello".getBytes(StandardCharsets.UTF_8));
        Signatures.sign(request, user, new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return request;
    }

    private static void assertRefused(Authenticator authenticator, RemotingCommand request, String remark) {
        assertThatThrownBy(() -> authenticator.authenticate(request))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.responseCode()).isEqualTo(ResponseCode.NO_PERMISSION))
                .hasMessageContaining(remark);
    }

    @Test
    void usersAndAclsSurviveReopening(@TempDir Path dir) {
        SecurityStore store = SecurityStore.open(dir);
        store.createUser(new User("dave", "daveSecret", User.Type.SUPER, User.Status.ENABLE));
        store.putAcl(new Acl("User:dave", Map.of(Acl.CUSTOM, List.of(entry("Group:g", Action.SUB, Decision.ALLOW)))));
        store.deleteAcl("User:dave", null, List.of(ResourcePattern.parse("Group:g")));
        store.putAcl(new Acl("User:dave", Map.of(Acl.CUSTOM, List.of(entry("Topic:t", Action.PUB, Decision.ALLOW)))));
        SecurityStore reopened = SecurityStore.open(dir);
        assertThat(reopened.user("dave")).isEqualTo(store.user("dave"));
        assertThat(reopened.acl("User:dave").toJson().toString()).isEqualTo(store.acl("User:dave").toJson().toString());
        assertThat(reopened.acl("User:dave").policies().get(Acl.CUSTOM)).extracting(e -> e.resource().text())
                .containsExactly("Topic:t");
    }
}
