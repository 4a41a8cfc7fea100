/**
 * The Apache Ratis side of the controller: the state machine that applies commands and takes snapshots, and
 * the node that runs a Ratis server and submits commands to the group.
 */
package io.apogee.controller.raft;
