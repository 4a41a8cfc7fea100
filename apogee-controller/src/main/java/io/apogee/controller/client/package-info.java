/**
 * The broker's side of the controller protocol: finding the leader among the controllers and calling it.
 */
package io.apogee.controller.client;
