/**
 * Typed custom headers: one immutable record per request or response header, read straight from
 * a command's {@code extFields} and written back to it.
 *
 * <pre>{@code
 * SendMessageRequestHeader send = SendMessageRequestHeader.decode(request);   // V1 or V2 by code
 * PullMessageRequestHeader pull = PullMessageRequestHeader.decode(request);
 * RemotingCommand response = RemotingCommand.responseTo(request, ResponseCode.SUCCESS, null);
 * new OffsetResponseHeader(42).applyTo(response);
 * }</pre>
 *
 * A missing required field or an unparsable number or boolean is a
 * {@link io.apogee.protocol.ProtocolException} whose message names the header and the key; keys a
 * header does not know are ignored. {@link io.apogee.protocol.header.CommonHeader} reads the
 * optional keys ({@code bname}, {@code ns}, {@code nsd}, {@code oway}, {@code lo}) from any command.
 */
package io.apogee.protocol.header;
