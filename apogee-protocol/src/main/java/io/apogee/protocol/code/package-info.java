/**
 * Request and response codes as named constants ({@link io.apogee.protocol.code.RequestCode},
 * {@link io.apogee.protocol.code.ResponseCode}) with {@code name(int)} for logs.
 */
package io.apogee.protocol.code;
