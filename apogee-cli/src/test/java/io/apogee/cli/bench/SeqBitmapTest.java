package io.apogee.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeqBitmapTest {

    @Test
    void addAnswersWhetherTheNumberIsNewAndCountsEachOnce() {
        SeqBitmap seqs = new SeqBitmap();
        assertThat(seqs.add(5)).isTrue();
        assertThat(seqs.add(5)).isFalse();
        assertThat(seqs.add(SeqBitmap.MAX_SEQ)).isTrue();
        assertThat(seqs.size()).isEqualTo(2);
        assertThatThrownBy(() -> seqs.add(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countNotInFindsTheNumbersAnotherSetLacksAcrossPages() {
        SeqBitmap sent = new SeqBitmap();
        SeqBitmap received = new SeqBitmap();
        IntStream.range(0, 3_000_000).forEach(sent::add);
        IntStream.range(0, 3_000_000).filter(i -> i % 1000 != 7).forEach(received::add);
        received.add(5_000_000);

        assertThat(sent.countNotIn(received)).isEqualTo(3_000);
        assertThat(received.countNotIn(sent)).isEqualTo(1);
    }

    @Test
    void concurrentAddsOfTheSameNumbersCountEachOnce() throws InterruptedException {
        SeqBitmap seqs = new SeqBitmap();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> IntStream.range(0, 200_000).forEach(seqs::add));
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seqs.size()).isEqualTo(200_000);
    }
}
