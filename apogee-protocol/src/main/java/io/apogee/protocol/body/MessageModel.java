package io.apogee.protocol.body;

/** Whether a group shares queues between members (CLUSTERING) or each member reads all (BROADCASTING). */
public enum MessageModel {
    BROADCASTING, CLUSTERING
}
