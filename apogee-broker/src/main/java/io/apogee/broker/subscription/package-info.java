/**
 * Consumer groups (subscription groups): their table and file, auto-creation on first use, the admin
 * requests that change them, and offset resets by time.
 */
package io.apogee.broker.subscription;
