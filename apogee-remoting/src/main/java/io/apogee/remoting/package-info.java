/**
 * The transport of the remoting protocol: a Netty server and client that carry
 * {@link io.apogee.protocol.command.RemotingCommand}s, match responses to requests, and serve
 * requests with processors registered per request code.
 *
 * <pre>
 *  RemotingServer / RemotingClient        (server, client: lifecycle, configuration)
 *        │
 *        └─ Endpoint                       (connection: what both sides share)
 *             ├─ Connection ─ InFlightRequests ─ PendingRequest   (requests this side sent)
 *             ├─ RequestDispatcher ─ ProcessorRegistry ─ RequestContext  (requests this side serves)
 *             ├─ HookChain (RpcHook), ConnectionEvents (ConnectionListener)
 *             └─ pipeline: FrameDecoder, FrameEncoder (codec), ConnectionHandler
 * </pre>
 *
 * Both sides are symmetric once connected: either may send requests on a {@code Connection}, and
 * each matches only the responses to its own requests. Failures are {@link RemotingException}
 * subclasses; bodies held elsewhere travel without copies as
 * {@link io.apogee.remoting.codec.BufferBodyCommand}.
 */
package io.apogee.remoting;
