/**
 * Log lines a peer cannot abuse: values from the wire escaped and cut before they reach a line, and
 * repeated events summarised once per interval instead of flooding the log.
 */
package io.apogee.common.log;
