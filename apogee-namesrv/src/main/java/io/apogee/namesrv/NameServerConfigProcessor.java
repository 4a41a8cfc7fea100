package io.apogee.namesrv;

import io.apogee.common.config.ConfigKey;
import io.apogee.common.log.LogText;
import io.apogee.protocol.body.PropertiesBody;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The name server's settings as admin tools read them (GET_NAMESRV_CONFIG) and change them
 * (UPDATE_NAMESRV_CONFIG). Two keys change while it runs: {@code orderMessageEnable}, read by every route
 * lookup, and {@code brokerChannelExpiredTime}, read by every expiry scan. Every other key is read once at
 * start, so a change to it is refused with that reason rather than accepted and ignored. A request's keys
 * are parsed and validated as a configuration file's are, and either all apply or none does; a change
 * lasts until the name server restarts (the configuration file is not rewritten).
 *
 * <p>Thread safety: updates are serialized on this processor; request threads.
 */
final class NameServerConfigProcessor implements RequestProcessor {

    static final int[] CODES = {RequestCode.GET_NAMESRV_CONFIG, RequestCode.UPDATE_NAMESRV_CONFIG};

    private static final Logger LOG = LoggerFactory.getLogger(NameServerConfigProcessor.class);
    /** The keys the table marks changeable; each is applied below. */
    private static final Set<String> CHANGEABLE = new TreeSet<>(NameServerConfig.table().keys().stream()
            .filter(ConfigKey::changeable).map(ConfigKey::name).toList());

    private final NameServerConfig config;

    NameServerConfigProcessor(NameServerConfig config) {
        this.config = config;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_NAMESRV_CONFIG -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(PropertiesBody.encode(config.values()));
            case RequestCode.UPDATE_NAMESRV_CONFIG -> update(context, request);
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a name server configuration request");
        };
    }

    private RemotingCommand update(RequestContext context, RemotingCommand request) {
        Properties properties = PropertiesBody.decode(request.body());
        String refused = apply(properties);
        if (refused != null) {
            LOG.warn("name server configuration change {} from {} refused: {}",
                    LogText.escape(properties.toString()), context.remoteAddress(), LogText.escape(refused));
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, refused);
        }
        LOG.info("name server configuration changed by {}: {}", context.remoteAddress(),
                LogText.escape(properties.toString()));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }

    /** Applies {@code properties}; returns null, or why nothing was applied. */
    synchronized String apply(Properties properties) {
        NameServerConfig parsed;
        try {
            parsed = NameServerConfig.from(properties);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!CHANGEABLE.contains(key)) {
                return "'" + key + "' cannot be changed at run time: the name server reads it once at start; set it"
                        + " in its configuration file and restart. Keys that can change: " + CHANGEABLE;
            }
        }
        if (properties.containsKey(NameServerConfig.ORDER_MESSAGE_ENABLE)) {
            config.orderMessageEnable(parsed.orderMessageEnable());
        }
        if (properties.containsKey(NameServerConfig.BROKER_CHANNEL_EXPIRED_TIME)) {
            config.brokerChannelExpiredTime(parsed.brokerChannelExpiredTime());
        }
        return null;
    }
}
