/**
 * The Netty pipeline's frame decoder and encoder, and commands whose body is a buffer held elsewhere.
 */
package io.apogee.remoting.codec;
