/**
 * Making the commit log durable: periodic forces under ASYNC_FLUSH, group commit under SYNC_FLUSH.
 */
package io.apogee.store.flush;
