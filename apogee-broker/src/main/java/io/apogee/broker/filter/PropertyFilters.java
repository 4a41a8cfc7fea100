package io.apogee.broker.filter;

import io.apogee.protocol.message.MessageProperties;
import io.apogee.protocol.message.StoredMessageView;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The broker's SQL92 filtering: whether it is enabled ({@code enablePropertyFilter}), the compiled
 * filters by expression (subscriptions repeat theirs on every pull), and the selection of pulled
 * messages by their properties. Only the properties of the messages a pull read are decoded; tag
 * subscriptions never come here.
 *
 * <p>Thread safety: safe from any thread; the cache is concurrent and filters are immutable.
 */
public final class PropertyFilters {

    /** What a consumer is told when the broker does not filter by SQL92. */
    public static final String DISABLED_REMARK = "The broker does not support consumer to filter message by SQL92;"
            + " set enablePropertyFilter=true on the broker";
    private static final int MAX_CACHED = 1_024;

    private final boolean enabled;
    private final ConcurrentMap<String, SqlFilter> compiled = new ConcurrentHashMap<>();

    public PropertyFilters(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * The compiled filter of an expression.
     *
     * @throws SqlSyntaxException when the expression is not valid
     */
    public SqlFilter compile(String expression) {
        if (expression == null) {
            return SqlFilter.compile(null);
        }
        SqlFilter filter = compiled.get(expression);
        if (filter != null) {
            return filter;
        }
        filter = SqlFilter.compile(expression);
        if (compiled.size() >= MAX_CACHED) {
            compiled.clear();
        }
        compiled.put(expression, filter);
        return filter;
    }

    /** The stored-layout records among {@code messages} that {@code filter} selects, in order. */
    public static List<ByteBuffer> select(SqlFilter filter, List<ByteBuffer> messages) {
        List<ByteBuffer> selected = new ArrayList<>(messages.size());
        StoredMessageView view = new StoredMessageView();
        for (ByteBuffer message : messages) {
            String properties = view.wrap(message, message.position()).properties();
            if (filter.matches(name -> MessageProperties.get(properties, name))) {
                selected.add(message);
            }
        }
        return selected;
    }
}
