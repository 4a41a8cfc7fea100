package io.apogee.client.admin;

import io.apogee.client.remote.AdminApi;
import io.apogee.client.remote.NameServerApi;

import java.util.Map;
import java.util.TreeMap;

/**
 * The name servers' KV configuration as one store: writes and deletes go to every name server, reads take the
 * first answer (name servers do not replicate KV entries among themselves).
 *
 * <p>Thread safety: as the APIs it calls; stateless otherwise.
 */
final class NameServerKv {

    private final NameServerApi nameServer;
    private final AdminApi adminApi;
    private final long timeout;

    NameServerKv(NameServerApi nameServer, AdminApi adminApi, long timeout) {
        this.nameServer = nameServer;
        this.adminApi = adminApi;
        this.timeout = timeout;
    }

    /** Every entry of a namespace, merged over the name servers (the first one's value wins). */
    Map<String, String> list(String namespace) {
        Map<String, String> entries = new TreeMap<>();
        for (String namesrv : nameServer.addresses()) {
            adminApi.kvList(namesrv, namespace, timeout).forEach(entries::putIfAbsent);
        }
        return entries;
    }

    /** Sets an entry on every name server. */
    void put(String namespace, String key, String value) {
        for (String namesrv : nameServer.addresses()) {
            adminApi.putKv(namesrv, namespace, key, value, timeout);
        }
    }

    /** The entry from the first name server that has it, or null. */
    String get(String namespace, String key) {
        for (String namesrv : nameServer.addresses()) {
            String value = adminApi.getKv(namesrv, namespace, key, timeout);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Deletes an entry on every name server. */
    void delete(String namespace, String key) {
        for (String namesrv : nameServer.addresses()) {
            adminApi.deleteKv(namesrv, namespace, key, timeout);
        }
    }
}
