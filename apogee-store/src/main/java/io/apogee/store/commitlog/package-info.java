/**
 * The commit log: every message of every topic, appended by one writer at a time in the stored
 * layout.
 */
package io.apogee.store.commitlog;
