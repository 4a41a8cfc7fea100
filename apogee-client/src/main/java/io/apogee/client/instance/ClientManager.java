package io.apogee.client.instance;

import io.apogee.client.ClientOptions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide table of client instances by client id. Producers and consumers whose options
 * give the same client id get the same instance, created once, and so share its connections and
 * threads; the instance leaves the table when its last user shuts it down.
 *
 * <p>Thread safety: safe from any thread.
 */
public final class ClientManager {

    private static final ClientManager INSTANCE = new ClientManager();

    private final ConcurrentHashMap<String, ClientInstance> instances = new ConcurrentHashMap<>();

    private ClientManager() {
    }

    public static ClientManager getInstance() {
        return INSTANCE;
    }

    /** The instance for {@code options}' client id, created from a copy of them if there is none. */
    public ClientInstance getOrCreate(ClientOptions options) {
        String clientId = options.buildClientId();
        return instances.computeIfAbsent(clientId, id -> new ClientInstance(options.cloneOptions(), id, this));
    }

    /** The instance of a client id, or {@code null}. */
    public ClientInstance find(String clientId) {
        return instances.get(clientId);
    }

    /** A snapshot of the table. */
    public Map<String, ClientInstance> instances() {
        return Map.copyOf(instances);
    }

    void remove(String clientId, ClientInstance instance) {
        instances.remove(clientId, instance);
    }
}
