/**
 * Messages as an application sends and receives them, their decoding from pull bodies and body
 * compression.
 */
package io.apogee.client.message;
