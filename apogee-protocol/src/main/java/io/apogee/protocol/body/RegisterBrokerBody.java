package io.apogee.protocol.body;

import java.util.ArrayList;
import java.util.List;

/**
 * The REGISTER_BROKER body (uncompressed form): the broker's topics and its filter servers.
 * The compressed form ({@code compressed=true}, sent only with {@code compressedRegister}) is not
 * supported. Not thread-safe while its collections are being filled.
 */
public record RegisterBrokerBody(TopicConfigSerializeWrapper topicConfigSerializeWrapper,
                                 List<String> filterServerList) {

    public RegisterBrokerBody {
        filterServerList = filterServerList == null ? new ArrayList<>() : filterServerList;
    }

    public byte[] encode() {
        return JsonBody.encode(this);
    }

    public static RegisterBrokerBody decode(byte[] body) {
        return JsonBody.decode(body, RegisterBrokerBody.class);
    }
}
