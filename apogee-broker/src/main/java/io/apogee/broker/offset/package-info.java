/**
 * Committed consumer offsets: the table per group, topic and queue, its file, and the query and
 * update requests.
 */
package io.apogee.broker.offset;
