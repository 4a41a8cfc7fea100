/**
 * The topics this broker hosts, their file, and the rules for legal topic names.
 */
package io.apogee.broker.topic;
