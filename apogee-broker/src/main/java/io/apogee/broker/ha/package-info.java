/**
 * Broker groups: a master and its slaves, RocketMQ's {@code brokerRole} / {@code brokerId} model.
 *
 * <pre>
 * master                                              slave
 *  send ─► ReplicatedStore ─► store.append            ReplicationClient (one thread)
 *              │ (SYNC_MASTER: wait in ReplicaAcks)      │  report(my end) ─────────────┐
 *              └─ wake ─► SlaveConnection shipper ──── hello(epochs, end) ─────────────►  │ cut to the divergence
 *                                                 ──── batch(epoch, start, bytes) ──►  │ point, then follow
 *                         SlaveConnection reader ◄──── report(end) after each batch ◄──┘
 *                              └─► ReplicaAcks.report: releases every send it covers
 *  SlaveSync (slave): topics, groups, offsets, delay progress copied from the master every period
 * </pre>
 *
 * <p>It lives in the broker, not the store: the store only offers the two primitives replication needs
 * ({@code copyCommitLog} on a master, {@code appendReplicated} on a slave) and knows nothing of roles, sockets
 * or name servers; the broker owns roles, addresses learned from name servers, and the send answers. The
 * transfer protocol is Apogee's own ({@link io.apogee.broker.ha.TransferFrames}); every batch carries the
 * epoch that wrote it. Each broker keeps an {@link io.apogee.broker.ha.EpochFile} of {@code <epoch, start>}
 * entries: a slave that connects compares it with its master's and cuts its log back to where they diverge
 * ({@link io.apogee.broker.ha.DivergencePoint}); a slave refuses an older master, and a master that hears of a
 * newer epoch refuses sends (fencing).
 */
package io.apogee.broker.ha;
