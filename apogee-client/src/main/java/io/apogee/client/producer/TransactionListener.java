package io.apogee.client.producer;

import io.apogee.client.message.Message;
import io.apogee.client.message.MessageExt;

/**
 * The application's side of a transactional send. {@link #executeLocalTransaction} runs on the
 * sending thread right after the half message is stored; {@link #checkLocalTransaction} runs on the
 * client's transaction-check thread when a broker asks about a half message that is still
 * undecided. Both must be thread-safe and should not block long.
 */
public interface TransactionListener {

    LocalTransactionState executeLocalTransaction(Message message, Object arg);

    LocalTransactionState checkLocalTransaction(MessageExt message);
}
