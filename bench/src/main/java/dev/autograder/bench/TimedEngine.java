package dev.autograder.bench;

import com.github.dockerjava.api.DockerClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A profiler for the sandbox: a Docker client that times every engine call ({@code exec()} of each
 * command: create, copy, start, inspect, remove...) made on one chosen thread, the job's, so that
 * calls a warm pool makes in the background are counted apart. A long call the client starts
 * asynchronously (waiting for the container) is not timed here: it is what the job's wall time
 * leaves over.
 */
final class TimedEngine {
  private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> backgroundNanos = new ConcurrentHashMap<>();
  private volatile Thread foreground;

  /** Calls made on {@code thread} are the job's; any other thread's are the background's. */
  void foreground(Thread thread) {
    this.foreground = thread;
  }

  DockerClient wrap(DockerClient docker) {
    return proxy(DockerClient.class, docker);
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type, T target) {
    InvocationHandler handler =
        (self, method, args) -> {
          long start = System.nanoTime();
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if (method.getName().equals("exec") && type != DockerClient.class) {
              String call = type.getSimpleName().replace("Cmd", "");
              (Thread.currentThread() == foreground ? nanos : backgroundNanos)
                  .computeIfAbsent(call, k -> new LongAdder())
                  .add(System.nanoTime() - start);
            }
          }
          if (result == target) {
            return self;
          }
          Class<?> returned = method.getReturnType();
          if (result != null
              && returned.isInterface()
              && returned.getName().startsWith("com.github.dockerjava.api.command")) {
            return proxy((Class<Object>) returned, result);
          }
          return result;
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  /** Milliseconds spent in each call on the job's thread since the last reset, by call. */
  Map<String, Double> foregroundMillis() {
    return millis(nanos);
  }

  Map<String, Double> backgroundMillis() {
    return millis(backgroundNanos);
  }

  void reset() {
    nanos.clear();
    backgroundNanos.clear();
  }

  private static Map<String, Double> millis(Map<String, LongAdder> source) {
    Map<String, Double> m = new TreeMap<>();
    source.forEach((k, v) -> m.put(k, v.sum() / 1e6));
    return m;
  }
}
