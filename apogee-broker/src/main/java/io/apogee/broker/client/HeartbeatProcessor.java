package io.apogee.broker.client;

import io.apogee.protocol.body.HeartbeatData;
import io.apogee.protocol.body.JsonBody;
import io.apogee.protocol.code.RequestCode;
import io.apogee.protocol.code.ResponseCode;
import io.apogee.protocol.command.RemotingCommand;
import io.apogee.remoting.processor.RequestContext;
import io.apogee.remoting.processor.RequestProcessor;

/**
 * Accepts HEART_BEAT and UNREGISTER_CLIENT so that producers can start and stop against this
 * broker. A heartbeat body is checked for well-formedness; producer and consumer groups are not
 * recorded yet (consumer support brings the client registry).
 *
 * <p>Thread safety: stateless.
 */
public final class HeartbeatProcessor implements RequestProcessor {

    @Override
    public RemotingCommand process(RequestContext context, RemotingCommand request) {
        if (request.code() == RequestCode.HEART_BEAT) {
            JsonBody.decode(request.body(), HeartbeatData.class);
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
    }
}
