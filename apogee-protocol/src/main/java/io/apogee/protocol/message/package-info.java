/**
 * The message encodings: properties, batches, the stored layout that both the commit log and pull
 * bodies use, message ids, checksums, tag hashes and system flags.
 */
package io.apogee.protocol.message;
