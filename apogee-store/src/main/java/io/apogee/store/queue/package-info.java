/**
 * Consume queues and reading them: the dispatcher that builds queues and the index from the commit
 * log, and the reader that turns queue entries into slices of commit-log files.
 */
package io.apogee.store.queue;
