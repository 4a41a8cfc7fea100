/**
 * The wire model of RocketMQ's classic remoting protocol. It knows no Netty, files or threads; the
 * one exception type says which bytes or fields broke the protocol.
 */
package io.apogee.protocol;
