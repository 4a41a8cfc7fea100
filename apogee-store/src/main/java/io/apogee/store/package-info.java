/**
 * The message store at its module seam ({@link io.apogee.store.MessageStore}) and its wiring: appends,
 * queue reads as slices of mapped files, lookups, and the store's configuration.
 */
package io.apogee.store;
