/**
 * What admin tools ({@code mqadmin}, {@code DefaultMQAdminExt}) ask a broker: topics (create, update,
 * delete, status), the broker's settings and runtime figures, its clients' connections (and requests
 * relayed to a consumer), traffic and consume statistics, and consume-queue entries. {@link
 * io.apogee.broker.admin.AdminTools} wires the processors onto the admin executor.
 */
package io.apogee.broker.admin;
