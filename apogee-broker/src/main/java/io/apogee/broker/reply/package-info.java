/**
 * Request-reply on the broker: replies sent by responders are pushed to the requesting client's connection
 * and, by default, stored in the cluster's reply topic.
 */
package io.apogee.broker.reply;
