package io.vigie.daemon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action on SIGHUP ({@code systemctl reload}, {@code kill -HUP}). The JDK's only signal API
 * is {@code sun.misc.Signal}; naming it in code is a compiler warning that cannot be suppressed
 * (and the build fails on warnings), so it is looked up reflectively. Where it is missing, {@link
 * #install} says so and reload stays available through {@code vigie reload}.
 *
 * <pre>{@code
 * if (!HangupSignal.install(() -> daemon.reload())) log("SIGHUP not available");
 * }</pre>
 */
public final class HangupSignal {
  private HangupSignal() {}

  /**
   * @return true when SIGHUP now runs {@code action} on a thread of its own ({@code vigie-reload})
   *     instead of stopping the JVM
   */
  public static boolean install(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
      InvocationHandler onSignal = (proxy, method, args) -> dispatch(proxy, method, args, action);
      Object handler =
          Proxy.newProxyInstance(
              HangupSignal.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Object dispatch(Object proxy, Method method, Object[] args, Runnable action) {
    switch (method.getName()) {
      case "handle":
        // The JVM's signal thread must not wait on the daemon's locks.
        Thread t = new Thread(action, "vigie-reload");
        t.setDaemon(true);
        t.start();
        return null;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "vigie SIGHUP handler";
    }
  }
}
