/**
 * Broker groups: a master and its slaves, RocketMQ's {@code brokerRole} / {@code brokerId} model.
 *
 * <pre>
 * master                                              slave
 *  send ─► ReplicatedStore ─► store.append            ReplicationClient (one thread)
 *              │ (SYNC_MASTER: wait in ReplicaAcks)      │  report(my end) ─────────────┐
 *              └─ wake ─► SlaveConnection shipper ──── batch(epoch, start, bytes) ──►  │
 *                         SlaveConnection reader ◄──── report(end) after each batch ◄──┘
 *                              └─► ReplicaAcks.report: releases every send it covers
 *  SlaveSync (slave): topics, groups, offsets, delay progress copied from the master every period
 * </pre>
 *
 * <p>It lives in the broker, not the store: the store only offers the two primitives replication needs
 * ({@code copyCommitLog} on a master, {@code appendReplicated} on a slave) and knows nothing of roles, sockets
 * or name servers; the broker owns roles, addresses learned from name servers, and the send answers. The
 * transfer protocol is Apogee's own ({@link io.apogee.broker.ha.TransferFrames}); every batch carries the
 * master's epoch (0 until a controller hands epochs out), so that fencing can be added without a new frame.
 */
package io.apogee.broker.ha;
