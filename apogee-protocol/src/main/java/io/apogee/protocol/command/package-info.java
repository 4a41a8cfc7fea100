/**
 * The command model: one request or response, its serialize type and the sender's language.
 */
package io.apogee.protocol.command;
