/**
 * JSON bodies exchanged by clients, brokers and name servers, as records read and written with
 * fastjson2 in the official fastjson 1.x dialect (see {@link io.apogee.protocol.body.JsonBody}).
 *
 * <pre>{@code
 * HeartbeatData heartbeat = HeartbeatData.decode(request.body());
 * response.body(TopicRouteData.of(queues, brokers).encode());   // quoted keys, as for modern clients
 * response.body(clusterInfo.encode());                           // bare broker-id keys, as the official name server
 * LockBatchRequestBody lock = JsonBody.decode(request.body(), LockBatchRequestBody.class);
 * }</pre>
 *
 * Records whose collections default to empty mutable ones may be filled by their builder; share
 * them between threads only once they are complete.
 */
package io.apogee.protocol.body;
