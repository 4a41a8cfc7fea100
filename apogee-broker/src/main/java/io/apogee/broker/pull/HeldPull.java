package io.apogee.broker.pull;

import io.apogee.protocol.command.RemotingCommand;
import io.apogee.protocol.header.PullMessageRequestHeader;
import io.apogee.remoting.processor.RequestContext;

/** A pull parked until a message arrives for its queue or its deadline passes. */
record HeldPull(RequestContext context, RemotingCommand request, PullMessageRequestHeader header,
                long deadlineMillis) {
}
