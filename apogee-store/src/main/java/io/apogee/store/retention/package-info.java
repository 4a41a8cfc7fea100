/**
 * Retention: deleting old files by age and by disk use.
 */
package io.apogee.store.retention;
