package dev.custody.app.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Wall time spent in chosen methods of an interface, for a benchmark's breakdown by phase: a proxy adds each call's
 * duration under {@code label}. What a method hands out (the store's custody log) can be replaced by a timed one.
 */
final class TimedCalls {

    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final java.util.Queue<Interval> intervals = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** One timed call: what and when ({@code System.nanoTime}). */
    record Interval(String label, long start, long end) {
    }

    /** {@code target} with the calls of {@code methods} (method name to label) timed. */
    <T> T wrap(Class<T> type, T target, Map<String, String> methods) {
        return wrap(type, target, methods, Map.of());
    }

    /** As {@link #wrap(Class, Object, Map)}, the results of the methods in {@code results} replaced by what it makes of them. */
    @SuppressWarnings("unchecked")
    <T> T wrap(Class<T> type, T target, Map<String, String> methods, Map<String, UnaryOperator<Object>> results) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String label = methods.get(method.getName());
            long t0 = System.nanoTime();
            try {
                Object r = method.invoke(target, args);
                UnaryOperator<Object> replace = results.get(method.getName());
                return replace == null ? r : replace.apply(r);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (label != null) {
                    long t1 = System.nanoTime();
                    intervals.add(new Interval(label, t0, t1));
                    nanos.computeIfAbsent(label, k -> new LongAdder()).add(t1 - t0);
                    calls.computeIfAbsent(label, k -> new LongAdder()).increment();
                }
            }
        });
    }

    /** Adds a span of time that is no call, e.g. the archiver waiting for its pace. */
    void record(String label, long start, long end) {
        intervals.add(new Interval(label, start, end));
        nanos.computeIfAbsent(label, k -> new LongAdder()).add(end - start);
        calls.computeIfAbsent(label, k -> new LongAdder()).increment();
    }

    /** The labels of the calls that were running at some moment in {@code [start, end]}. */
    java.util.Set<String> during(long start, long end) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Interval i : intervals) {
            if (i.start() <= end && i.end() >= start) {
                out.add(i.label());
            }
        }
        return out;
    }

    /** Whether a span labelled {@code label} was running at {@code at}. */
    boolean within(String label, long at) {
        for (Interval i : intervals) {
            if (i.label().equals(label) && i.start() <= at && at <= i.end()) {
                return true;
            }
        }
        return false;
    }

    /** Seconds spent under {@code label}. */
    double seconds(String label) {
        LongAdder a = nanos.get(label);
        return a == null ? 0 : a.sum() / 1e9;
    }

    /** Label to "seconds in n calls", in label order. */
    Map<String, String> summary() {
        Map<String, String> out = new TreeMap<>();
        nanos.forEach((k, v) -> out.put(k, String.format("%.2f s in %,d calls", v.sum() / 1e9, calls.get(k).sum())));
        return out;
    }
}
