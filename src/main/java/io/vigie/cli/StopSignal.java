package io.vigie.cli;

import java.util.concurrent.CountDownLatch;

/**
 * How a long-running command ({@code vigie run}, {@code vigie hub}) stops: SIGTERM (or Ctrl-C) asks
 * for a stop, the command closes its service in its own {@code finally}, and only then does the
 * process end, with status 0, since a stop asked for is a clean stop (a JVM ended by SIGTERM would
 * exit 143 once its hooks return).
 *
 * <pre>{@code
 * StopSignal stop = new StopSignal();
 * try {
 *   service.start();
 *   stop.await();
 *   return 0;
 * } finally {
 *   service.close();
 *   stop.close();      // lets a waiting SIGTERM end the process, or removes the hook
 * }
 * }</pre>
 */
final class StopSignal implements AutoCloseable {
  private final CountDownLatch stopAsked = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean signalled;

  /** Installs the shutdown hook (thread {@code vigie-shutdown}). */
  StopSignal() {
    hook =
        new Thread(
            () -> {
              signalled = true;
              stopAsked.countDown();
              try {
                stopped.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(0);
            },
            "vigie-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Waits until a stop is asked for. */
  void await() throws InterruptedException {
    stopAsked.await();
  }

  /** Whether the stop came from a signal (then JUL's own hook may have reset the logging). */
  boolean signalled() {
    return signalled;
  }

  /** Called once the service is closed: a signal's hook may now end the process. */
  @Override
  public void close() {
    stopped.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running and ends the process.
    }
  }
}
