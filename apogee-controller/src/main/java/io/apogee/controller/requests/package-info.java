/**
 * The controller's side of RocketMQ 5.3.3's controller protocol: the request codes brokers and admin tools send,
 * their headers and JSON bodies.
 */
package io.apogee.controller.requests;
