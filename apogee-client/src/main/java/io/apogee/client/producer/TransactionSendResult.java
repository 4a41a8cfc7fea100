package io.apogee.client.producer;

/** A transactional send's result: how the half message was stored and what the local transaction decided. */
public record TransactionSendResult(SendResult sendResult, LocalTransactionState localTransactionState) {
}
