package org.ccsidecar.remotefs.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Turns SIGTERM and SIGINT into a callback while the JVM keeps running normally.
 *
 * <p>Why not a shutdown hook: stopping means flushing writes to blob storage, and once the JVM is
 * shutting down the Azure SDK refuses new work ("Shutdown in progress"), so writes would be lost; a
 * hook also cannot make the exit status 0. {@code sun.misc.Signal} (module jdk.unsupported, present
 * from Java 9 through 25) is reached by reflection because javac warns about it by name, and the
 * build keeps no warnings.
 */
final class StopSignals {
  private StopSignals() {}

  static void onTermOrInt(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      InvocationHandler invocation =
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              action.run();
              return null;
            }
            return objectMethod(proxy, method, args);
          };
      Object handler =
          Proxy.newProxyInstance(
              StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : new String[] {"TERM", "INT"}) {
        handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot install SIGTERM/SIGINT handlers: " + e, e);
    }
  }

  private static Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "StopSignals handler";
    }
  }
}
