package io.apogee.broker.filter;

import io.apogee.common.log.LogText;
import io.apogee.common.log.RateLimitedLog;
import io.apogee.protocol.body.CheckClientRequestBody;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.body.SubscriptionData;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CHECK_CLIENT_CONFIG: a starting consumer with a SQL92 subscription asks whether the broker takes
 * it. An expression that does not compile is refused with SUBSCRIPTION_PARSE_FAILED and the
 * reason, which the official consumer's {@code start()} throws to the application; a broker that
 * does not filter by properties refuses every SQL92 subscription. Tag subscriptions always pass.
 *
 * <p>Thread safety: stateless apart from the thread-safe {@link PropertyFilters}.
 */
public final class ClientConfigCheckProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConfigCheckProcessor.class);
    /** Bad input from clients: one line per interval, however many there are. */
    private static final RateLimitedLog BAD_INPUT = new RateLimitedLog(LOG, 10_000);

    private final PropertyFilters filters;

    public ClientConfigCheckProcessor(PropertyFilters filters) {
        this.filters = filters;
    }

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        CheckClientRequestBody body = JsonBody.decode(request.body(), CheckClientRequestBody.class);
        SubscriptionData subscription = body.subscriptionData();
        if (subscription == null || !SubscriptionData.EXPRESSION_SQL92.equals(subscription.expressionType())) {
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        }
        if (!filters.enabled()) {
            return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, PropertyFilters.DISABLED_REMARK);
        }
        try {
            filters.compile(subscription.subString());
            return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
        } catch (SqlSyntaxException e) {
            BAD_INPUT.info("consumer {} of group {} refused: SQL92 filter \"{}\" of topic {} does not parse: {}",
                    LogText.escape(body.clientId()), LogText.escape(body.group()),
                    LogText.escape(subscription.subString()), LogText.escape(subscription.topic()),
                    LogText.escape(e.getMessage()));
            return RemotingCommand.responseTo(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                    "invalid SQL92 filter \"" + subscription.subString() + "\": " + e.getMessage());
        }
    }
}
