/**
 * The broker: its configuration ({@link io.apogee.broker.BrokerConfig}) and the wiring of the store, the
 * topic table, the request processors and name-server registration ({@link io.apogee.broker.Broker}).
 * Request logic lives in the sub-packages, one per feature.
 */
package io.apogee.broker;
