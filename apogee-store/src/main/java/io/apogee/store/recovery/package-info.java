/**
 * Recovery: the checkpoint, and the scan that finds where the valid commit log ends.
 */
package io.apogee.store.recovery;
