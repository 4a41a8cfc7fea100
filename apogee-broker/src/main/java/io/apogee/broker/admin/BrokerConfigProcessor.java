package io.apogee.broker.admin;

import io.apogee.common.log.LogText;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.KvTable;
import io.apogee.protocol.body.PropertiesBody;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.GetBrokerConfigResponseHeader;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * GET_BROKER_CONFIG, UPDATE_BROKER_CONFIG and GET_BROKER_RUNTIME_INFO: the broker's settings, changing the
 * ones that may change while it runs ({@link BrokerSettings}), and its runtime figures
 * ({@link RuntimeInfo}). A refused change is answered NO_PERMISSION with the reason, as RocketMQ answers a
 * key it will not change.
 *
 * <p>Thread safety: stateless apart from the thread-safe settings; on the admin thread.
 */
public final class BrokerConfigProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfigProcessor.class);
    private static final int[] CODES = {
        RequestCode.GET_BROKER_CONFIG, RequestCode.UPDATE_BROKER_CONFIG, RequestCode.GET_BROKER_RUNTIME_INFO,
    };

    private final BrokerSettings settings;
    private final RuntimeInfo runtime;
    private final LongSupplier clock;

    BrokerConfigProcessor(BrokerSettings settings, RuntimeInfo runtime, LongSupplier clock) {
        this.settings = settings;
        this.runtime = runtime;
        this.clock = clock;
    }

    static int[] codes() {
        return CODES.clone();
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        return switch (request.code()) {
            case RequestCode.GET_BROKER_CONFIG -> new GetBrokerConfigResponseHeader(
                    new String(JsonBody.encode(settings.version()), StandardCharsets.UTF_8))
                    .applyTo(RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null))
                    .body(PropertiesBody.encode(settings.values()));
            case RequestCode.UPDATE_BROKER_CONFIG -> update(context, request);
            case RequestCode.GET_BROKER_RUNTIME_INFO -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null)
                    .body(JsonBody.encode(new KvTable(runtime.table())));
            default -> RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a broker configuration request");
        };
    }

    private RemotingCommand update(RequestContext context, RemotingCommand request) {
        Properties properties = PropertiesBody.decode(request.body());
        String refused = settings.update(properties, clock.getAsLong());
        if (refused != null) {
            LOG.warn("broker configuration change {} from {} refused: {}", LogText.escape(properties.toString()),
                    context.remoteAddress(), LogText.escape(refused));
            return RemotingCommand.responseTo(request, ResponseCode.NO_PERMISSION, refused);
        }
        LOG.info("broker configuration changed by {}: {}", context.remoteAddress(), LogText.escape(properties.toString()));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}
