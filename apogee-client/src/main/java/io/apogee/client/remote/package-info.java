/**
 * The remote calls a client makes, grouped by peer and purpose (name server, broker bookkeeping,
 * messages, admin), with transport failures turned into client exceptions.
 */
package io.apogee.client.remote;
