/**
 * The key index: messages by key and unique id, in hash index files.
 */
package io.apogee.store.index;
