/**
 * Storing what producers send: single, batch and V2 sends, validated, routed and appended.
 */
package io.apogee.broker.send;
