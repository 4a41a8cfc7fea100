/**
 * The frame layout and both header encodings (JSON and binary), read and written without
 * intermediate trees or copies.
 */
package io.apogee.protocol.codec;
