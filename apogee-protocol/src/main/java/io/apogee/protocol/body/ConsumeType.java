package io.apogee.protocol.body;

/** How a consumer group consumes: push consumers are PASSIVELY, pull/lite-pull ACTIVELY. JSON carries the name. */
public enum ConsumeType {
    CONSUME_ACTIVELY, CONSUME_PASSIVELY, CONSUME_POP
}
