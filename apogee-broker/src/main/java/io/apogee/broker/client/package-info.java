/**
 * Who is connected: heartbeats and unregistrations keep the registry of producer and consumer groups
 * per connection; a group's members are told when its membership changes.
 */
package io.apogee.broker.client;
