package io.apogee.common.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostAddressesTest {

    private static List<InetAddress> addresses(String... literals) throws Exception {
        List<InetAddress> list = new ArrayList<>();
        for (String literal : literals) {
            list.add(InetAddress.getByName(literal));
        }
        return list;
    }

    private static String chosen(String... literals) throws Exception {
        InetAddress address = HostAddresses.choose(addresses(literals));
        return address == null ? null : HostAddresses.text(address);
    }

    @Test
    void aPublicIpv4AddressWinsOverPrivateOnesWhereverItIs() throws Exception {
        assertThat(chosen("127.0.0.1", "10.0.0.5", "192.168.1.9", "203.0.113.7", "198.51.100.1"))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void amongPrivateIpv4AddressesTheLastIsChosenAsRocketMqDoes() throws Exception {
        assertThat(chosen("10.0.0.5", "172.17.0.2", "192.168.1.9")).isEqualTo("192.168.1.9");
        assertThat(chosen("172.31.0.2", "127.0.0.2")).as("loopback never").isEqualTo("172.31.0.2");
        assertThat(chosen("172.32.0.2", "10.1.1.1")).as("172.32 is public").isEqualTo("172.32.0.2");
    }

    @Test
    void ipv6OnlyWhenThereIsNoIpv4AndInBrackets() throws Exception {
        assertThat(chosen("fe80::1", "2001:db8::7", "10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(chosen("fe80::1", "2001:db8::7")).isEqualTo("[2001:db8:0:0:0:0:0:7]");
        assertThat(chosen("fe80::1")).isEqualTo("[fe80:0:0:0:0:0:0:1]");
        assertThat(chosen("127.0.0.1", "::1")).isNull();
    }

    @Test
    void theWildcardIsRecognisedInEverySpelling() {
        assertThat(List.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "", " ")).allMatch(HostAddresses::isWildcard);
        assertThat(HostAddresses.isWildcard(null)).isTrue();
        assertThat(HostAddresses.isWildcard("127.0.0.1")).isFalse();
        assertThat(HostAddresses.firstNonLoopback()).isNotEqualTo("0.0.0.0").isNotBlank();
    }
}
