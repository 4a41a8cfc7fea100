/**
 * Mapped files and logs made of them, and unmapping them at once.
 */
package io.apogee.store.file;
