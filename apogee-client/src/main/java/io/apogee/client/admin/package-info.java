/**
 * Administration over the remoting protocol, with its own connections and no background threads.
 */
package io.apogee.client.admin;
